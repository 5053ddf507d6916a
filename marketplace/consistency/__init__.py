"""`flask orders check`: the operator's consistency check over the whole database.

It reads catalogue, orders, ledger and payments, so it sits above payments (beside admin):
gather.py reads one consistent snapshot in a few set-based queries, rules.py decides what
is a finding (pure), report.py runs the two and writes the report.
"""
