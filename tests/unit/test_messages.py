"""Messages as data (kernel/messages.py): services hand back a msgid and its figures, and
the text is put together only when shown, exactly as an eager gettext would have."""

from datetime import date

from flask_babel import force_locale, format_date, gettext

from marketplace.kernel.messages import (
    N_,
    Message,
    MessageError,
    Money,
    Number,
    Rate,
    rate_percent,
    rupiah,
)
from marketplace.orders.status import SUB_ORDER_STATUS_LABELS, SubOrderStatus


def test_each_kind_of_figure_is_shown_in_the_readers_language(app):
    with app.test_request_context("/"):
        for locale, money, rate, number in (("id", "Rp\xa0125.000", "12,5%", "1.200"),
                                            ("en", "IDR\xa0125,000", "12.5%", "1,200")):
            with force_locale(locale):
                shown = str(Message("%(a)s|%(b)s|%(c)s|%(d)s|%(e)s", a=Money(125_000),
                                    b=Rate(1250), c=Number(1200), d=date(2026, 3, 1),
                                    e=SUB_ORDER_STATUS_LABELS[SubOrderStatus.SHIPPED]))
                a, b, c, d, e = shown.split("|")
                assert a == money == rupiah(125_000)
                assert b.replace("\xa0", "") == rate and b == rate_percent(1250)
                assert c == number
                assert d == format_date(date(2026, 3, 1))
                assert e == str(SUB_ORDER_STATUS_LABELS[SubOrderStatus.SHIPPED])


def test_an_error_keeps_its_figures_and_reads_as_the_eager_message(app):
    msgid = N_("At most %(left)s can still be refunded for this parcel; nothing was refunded.")
    error = MessageError(msgid, left=Money(40_000))
    assert error.msgid == msgid and error.params == {"left": 40_000}
    with app.test_request_context("/"), force_locale("id"):
        assert str(error) == gettext(msgid, left=rupiah(40_000))
        assert "Rp\xa040.000" in str(error)
    # already-translated text without figures is the message as it is
    assert str(MessageError("Nothing to do.")) == "Nothing to do."
