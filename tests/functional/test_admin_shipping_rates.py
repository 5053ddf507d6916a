"""The shipping rate table in /admin/ongkir: filtering by province, editing, adding and
deleting rows, each change audited."""

import json

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.shipping.models import ShippingRate
from tests.helpers import csrf_token, post_form, sign_in

URL = "/admin/ongkir"
JATIM, JAKARTA, PAPUA = "35", "31", "91"


def make_rate(origin=JATIM, destination=JATIM, courier="jne", service="reg", first=9_000,
              following=9_000, days=(1, 2)) -> ShippingRate:
    rate = ShippingRate(origin_province_code=origin, destination_province_code=destination,
                        courier_code=courier, service_code=service, first_kg_price=first,
                        next_kg_price=following, etd_min_days=days[0], etd_max_days=days[1])
    db.session.add(rate)
    db.session.flush()
    return rate


def reload(rate) -> ShippingRate | None:
    rate_id = rate.id if isinstance(rate, ShippingRate) else rate
    db.session.expire_all()
    return db.session.get(ShippingRate, rate_id)


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def test_rates_are_listed_from_the_chosen_province(app, client, admin):
    make_rate(JATIM, JATIM, first=9_000, following=9_000)
    make_rate(JATIM, PAPUA, first=98_000, following=98_000, days=(5, 8))
    make_rate(JAKARTA, PAPUA, courier="jnt", service="ez", first=91_500, following=91_500)
    db.session.commit()

    page = client.get(f"{URL}?asal={JATIM}").text

    assert "2 rates from Jawa Timur" in page
    assert "IDR\xa098,000" in page and "5–8 days" in page
    assert "IDR\xa091,500" not in page
    assert f'<option value="{JATIM}" selected>' in page
    assert 'class="data stack"' in page  # rows stack at phone width
    # one destination only
    page = client.get(f"{URL}?asal={JATIM}&tujuan={PAPUA}").text
    assert "1 rate from Jawa Timur" in page and "IDR\xa09,000" not in page
    # another origin
    page = client.get(f"{URL}?asal={JAKARTA}").text
    assert "J&amp;T EZ" in page and "IDR\xa091,500" in page


def test_the_first_origin_in_the_table_is_shown_by_default(app, client, admin):
    make_rate(JAKARTA, PAPUA)
    db.session.commit()

    page = client.get(f"{URL}?asal=99").text  # no such province: the default

    assert "1 rate from Daerah Khusus Ibukota Jakarta" in page


def test_an_empty_table_says_how_to_fill_it(app, client, admin):
    page = client.get(URL).text
    assert "flask shipping seed-rates" in page


def test_admin_edits_a_rows_prices_and_days_audited(app, client, admin):
    rate = make_rate(JATIM, PAPUA, first=98_000, following=98_000, days=(5, 8))
    db.session.commit()
    url = f"{URL}/{rate.id}"

    response = post_form(client, url, {"first_kg_price": "Rp 105.000",
                                       "next_kg_price": "100000", "etd_min_days": "4",
                                       "etd_max_days": "7"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"{URL}?asal={JATIM}"
    saved = reload(rate)
    assert (saved.first_kg_price, saved.next_kg_price, saved.etd_min_days,
            saved.etd_max_days) == (105_000, 100_000, 4, 7)
    [entry] = audit("shipping_rate.update")
    assert entry.actor.name == "Admin Asosiasi"
    assert json.loads(entry.before) == {"first_kg_price": 98_000, "next_kg_price": 98_000,
                                        "etd_min_days": 5, "etd_max_days": 8}
    assert json.loads(entry.after)["first_kg_price"] == 105_000
    assert "The rate is saved." in client.get(response.headers["Location"]).text


def test_bad_prices_and_days_keep_what_was_typed_and_change_nothing(app, client, admin):
    rate = make_rate(first=9_000, following=9_000, days=(1, 2))
    db.session.commit()
    url = f"{URL}/{rate.id}"

    response = post_form(client, url, {"first_kg_price": "12,5", "next_kg_price": "-5",
                                       "etd_min_days": "4", "etd_max_days": "2"})

    assert response.status_code == 422
    page = response.text
    assert "Please correct the marked fields." in page
    assert "Enter whole rupiah, e.g. 18000 or 18.000." in page
    assert "Enter an amount from IDR\xa00 to IDR\xa050,000,000." in page
    assert "The longest delivery time cannot be shorter than the shortest." in page
    for typed in ('value="12,5"', 'value="-5"', 'value="4"', 'value="2"'):
        assert typed in page
    assert reload(rate).first_kg_price == 9_000
    assert audit("shipping_rate.update") == []


def test_saving_unchanged_prices_changes_nothing(app, client, admin):
    rate = make_rate()
    db.session.commit()

    response = post_form(client, f"{URL}/{rate.id}", {
        "first_kg_price": "9.000", "next_kg_price": "9000", "etd_min_days": "1",
        "etd_max_days": "2"}, follow_redirects=True)

    assert "Nothing was changed." in response.text
    assert audit("shipping_rate.update") == []


def test_admin_adds_a_row_audited_and_a_twin_is_refused(app, client, admin):
    data = {"origin_province_code": JATIM, "destination_province_code": PAPUA,
            "service": "sicepat:reg", "first_kg_price": "93.000", "next_kg_price": "93.000",
            "etd_min_days": "5", "etd_max_days": "8"}

    response = post_form(client, f"{URL}/baru", data)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{URL}?asal={JATIM}"
    rate = db.session.scalar(select(ShippingRate))
    assert (rate.courier_code, rate.service_code, rate.first_kg_price) == (
        "sicepat", "reg", 93_000)
    [entry] = audit("shipping_rate.add")
    assert json.loads(entry.after)["destination_province_code"] == PAPUA
    page = client.get(response.headers["Location"]).text
    assert "SiCepat REG from Jawa Timur to Papua is added." in page

    twin = post_form(client, f"{URL}/baru", {**data, "first_kg_price": "1.000"})

    assert twin.status_code == 422
    assert "The table already has this service on this route" in twin.text
    assert 'value="1.000"' in twin.text
    assert db.session.scalar(select(func.count(ShippingRate.id))) == 1


def test_a_new_row_needs_a_route_and_a_service_from_the_lists(app, client, admin):
    response = post_form(client, f"{URL}/baru", {
        "origin_province_code": "99", "destination_province_code": "",
        "service": "dhl:express", "first_kg_price": "", "next_kg_price": "0",
        "etd_min_days": "1", "etd_max_days": "1"})

    assert response.status_code == 422
    assert response.text.count("Choose from the list.") == 3
    assert "Enter a price in whole rupiah." in response.text
    assert db.session.scalar(select(func.count(ShippingRate.id))) == 0


def test_the_new_row_form_starts_from_the_listed_province(app, client, admin):
    page = client.get(f"{URL}/baru?asal={PAPUA}").text
    assert f'<option selected value="{PAPUA}">' in page or \
        f'<option value="{PAPUA}" selected>' in page


def test_deleting_a_row_asks_first_then_deletes_audited(app, client, admin):
    rate = make_rate(JATIM, PAPUA, courier="pos", service="kilat", first=90_000).id
    db.session.commit()
    url = f"{URL}/{rate}/hapus"

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "Delete this shipping rate?" in confirm.text
    assert "Pos Indonesia Kilat Khusus" in confirm.text
    assert reload(rate) is not None  # asking deletes nothing
    # without the form's token nothing happens
    assert client.post(url).status_code == 400
    assert reload(rate) is not None

    response = post_form(client, url, form_url=url)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{URL}?asal={JATIM}"
    assert reload(rate) is None
    [entry] = audit("shipping_rate.delete")
    assert json.loads(entry.before)["first_kg_price"] == 90_000 and entry.after is None
    assert "is deleted." in client.get(response.headers["Location"]).text


def test_only_admins_reach_the_rate_table(app, client):
    rate = make_rate()
    db.session.commit()
    assert client.get(URL).status_code == 302  # to sign in
    sign_in(client, Role.ARTISAN)
    assert client.get(URL).status_code == 403
    token = csrf_token(client, "/akun")
    response = client.post(f"{URL}/{rate.id}/hapus", data={"csrf_token": token})
    assert response.status_code == 403
    assert reload(rate) is not None


def test_unknown_rows_are_not_found(app, client, admin):
    assert client.get(f"{URL}/999").status_code == 404
    assert client.get(f"{URL}/999/hapus").status_code == 404
