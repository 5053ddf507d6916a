"""Filling the rate table (`flask shipping seed-rates`) and the demo groups' shipping
(data/shipping.toml, part of `flask seed-demo`)."""

import shutil

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import ProducerGroup
from marketplace.demo import load, seed_demo
from marketplace.demo.loader import DATA_DIR, DemoDataError
from marketplace.demo.shipping import load_shipping, seed_shipping
from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.shipping.models import GroupShipping, ShippingRate
from marketplace.shipping.quotes import quote_parcel


def test_seed_rates_command_fills_the_table_once(app):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["shipping", "seed-rates"])
    second = runner.invoke(args=["shipping", "seed-rates"])

    total = 38 * 38 * len(services.catalogue_services())
    assert first.exit_code == 0, first.output
    assert f"Shipping rates: {total} added." in first.output
    assert "Shipping rates: 0 added." in second.output
    assert db.session.scalar(select(func.count(ShippingRate.id))) == total


def test_demo_shipping_names_only_demo_sentra_and_groups():
    by_sentra, by_group = load_shipping()
    demo = load()
    assert set(by_sentra) == {sentra.slug for sentra in demo.sentra}
    assert set(by_group) <= {group.slug for group in demo.groups}
    assert by_sentra["keramik-dinoyo"].packing_fee == 5_000
    assert "jnt:ez" in by_sentra["keramik-dinoyo"].services


def test_a_demo_service_the_catalogue_lacks_is_named(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "shipping.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"jnt:ez"', '"jnt:super"', 1),
                    encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"shipping.toml, sentra 'keramik-dinoyo': "
                                            r"'jnt:super' is not a courier service"):
        load_shipping(data)


def test_demo_groups_get_their_couriers_and_quotes_from_the_table(app):
    seed_demo(with_images=False)
    added = seed_shipping()
    db.session.commit()

    groups = {g.slug: g for g in db.session.scalars(select(ProducerGroup))}
    assert added["shipping settings"] == len(groups)
    ceramics = services.settings_for(groups["griya-keramik-laras"])
    assert ceramics.service_codes == ("jne:reg", "jne:yes", "jnt:ez", "pos:kilat")
    assert ceramics.packing_fee == 5_000
    assert services.settings_for(groups["gerabah-tanah-merah"]).service_codes == ()
    # a group's own later choice survives seeding again
    services.save_group_settings(groups["griya-keramik-laras"], ["jne:reg"], 0, 300)
    db.session.commit()
    assert seed_shipping() == {}
    db.session.expire_all()
    assert db.session.get(GroupShipping, groups["griya-keramik-laras"].id).service_codes == (
        "jne:reg",)

    # a demo group quotes its services from the table: Kota Malang to Kota Jayapura
    tempe = groups["keripik-tempe-sari-kedelai"]
    quotes = quote_parcel(tempe, "91.71.01.1001", 600, 50_000)
    assert {o.source for o in quotes.options} == {"table"}
    assert {o.code for o in quotes.options} == {"jne:reg", "jne:yes", "sicepat:reg"}
