"""The search benchmark's parts (bench/search.py is the entry point).

common: paths, settings, query mixes and the app's configuration; build: the database and
the index; latency: in-process searches and the cost of saving a product; load: the results
page over HTTP under gunicorn and wrk; report: the docs/benchmarks.md section. The server,
the wrk result script and the machine description come from the page benchmark (pagebench).
"""
