"""The page benchmark's parts (bench/pages.py is the entry point).

common: paths, settings and result records; database: building the bench database;
server: gunicorn on a free port; load: wrk runs of each route; report: the printed table
and the docs/benchmarks.md section. bench/search.py (searchbench) reuses common's wrk result
script, server and report's machine description.
"""
