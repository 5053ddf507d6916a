import pytest

from marketplace.catalog.pricing import Item, ShippingTerms, split_into_parcels, totals
from marketplace.gateways.midtrans_statuses import payment_outcome


def _item(product_id, group_id, price, quantity=1, weight=500):
    return Item(product_id, group_id, f"Produk {product_id}", price, quantity, weight)


def test_each_group_ships_its_own_parcel_with_its_own_fee():
    items = [_item(1, 10, 50_000, 2), _item(2, 20, 30_000), _item(3, 10, 25_000)]
    terms = {10: ShippingTerms(15_000), 20: ShippingTerms(20_000)}
    parcels = split_into_parcels(items, terms)
    assert [p.group_id for p in parcels] == [10, 20]
    assert parcels[0].subtotal == 125_000 and parcels[0].shipping_fee == 15_000
    assert parcels[1].subtotal == 30_000 and parcels[1].shipping_fee == 20_000
    assert totals(parcels).grand_total == 125_000 + 30_000 + 15_000 + 20_000


def test_shipping_is_free_from_the_groups_threshold():
    terms = {10: ShippingTerms(15_000, free_from=200_000)}
    below = split_into_parcels([_item(1, 10, 199_999)], terms)[0]
    at = split_into_parcels([_item(1, 10, 200_000)], terms)[0]
    assert below.shipping_fee == 15_000
    assert at.shipping_fee == 0


def test_parcel_weight_counts_every_unit():
    parcel = split_into_parcels([_item(1, 10, 10_000, 3, 250)], {10: ShippingTerms(0)})[0]
    assert parcel.weight_grams == 750


@pytest.mark.parametrize("quantity", [0, -1])
def test_items_need_a_positive_quantity(quantity):
    with pytest.raises(ValueError):
        split_into_parcels([_item(1, 10, 10_000, quantity)], {10: ShippingTerms(0)})


@pytest.mark.parametrize(
    ("status", "fraud", "outcome"),
    [("settlement", None, "paid"), ("capture", "accept", "paid"), ("capture", None, "paid"),
     ("capture", "challenge", "review"), ("pending", None, "pending"),
     ("authorize", None, "pending"), ("deny", None, "cancelled"), ("cancel", None, "cancelled"),
     ("failure", None, "cancelled"), ("expire", None, "expired"), ("refund", None, "refunded"),
     ("partial_refund", None, "refunded"), ("chargeback", None, "review"),
     ("SETTLEMENT", None, "paid"), ("weird", None, "ignored")],
)
def test_midtrans_statuses_map_to_order_outcomes(status, fraud, outcome):
    assert payment_outcome(status, fraud) == outcome
