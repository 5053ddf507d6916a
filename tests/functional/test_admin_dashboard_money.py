"""The admin overview shows this month's money at a glance."""

from marketplace.accounts.models import Role
from tests.factories import make_group, make_order, make_rule, pay
from tests.helpers import sign_in


def test_dashboard_shows_this_months_sales_commission_and_what_is_owed(app, client):
    # given one order paid now, at 10 %
    make_rule(1000)
    pay(make_order([(make_group(), 250_000)]))
    sign_in(client, Role.ADMIN)

    # when the admin opens the overview
    text = client.get("/admin").get_data(as_text=True)

    # then the month's goods, commission and what the group is owed are there
    assert "IDR\xa0250,000" in text
    assert "IDR\xa025,000" in text
    assert "IDR\xa0240,000" in text  # 250,000 + 15,000 shipping − 25,000 commission
