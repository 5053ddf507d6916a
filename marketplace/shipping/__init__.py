"""What a parcel's shipping costs: the association's rate table, each group's couriers and
packing, and the quotes a buyer chooses from at checkout.

`rules.py` is the pure arithmetic (charged weight, table price, the buyer's price),
`models.py` the rate table and the groups' settings, `services.py` reads and changes them,
and `quotes.quote_parcel` asks the rate provider (gateways/biteship.py) and falls back to
the table, then to the group's flat fee. It sits just above the catalogue.
"""
