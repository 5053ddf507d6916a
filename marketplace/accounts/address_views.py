"""The address book (/akun/alamat) and the region lists behind the region picker
(/akun/wilayah), on the accounts blueprint.

Every address page is the signed-in user's own: another user's address id is a 404.
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import address_book
from marketplace.accounts.address_forms import AddressBookForm
from marketplace.accounts.views import bp
from marketplace.kernel import regions
from marketplace.kernel.extensions import db


def _own_address(address_id: int) -> address_book.Address:
    return address_book.address_for(current_user, address_id) or abort(404)


@bp.get("/alamat")
@login_required
def addresses():
    return render_template("accounts/addresses.html",
                           addresses=address_book.addresses_for(current_user))


@bp.route("/alamat/baru", methods=["GET", "POST"])
@login_required
def address_new():
    form = AddressBookForm(data={"recipient_name": current_user.name,
                                 "phone": current_user.phone})
    if form.is_region_step():  # a "Choose" button: the next list, nothing saved
        form.reload_regions()
    elif form.validate_on_submit():
        try:
            address_book.add_address(current_user, form.entry(),
                                     make_default=form.is_default.data)
        except address_book.AddressBookError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The address is saved."), "success")
            return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_form.html", form=form, address=None)


@bp.route("/alamat/<int:address_id>/ubah", methods=["GET", "POST"])
@login_required
def address_edit(address_id: int):
    address = _own_address(address_id)
    form = AddressBookForm(data=address.as_form_data())
    if form.is_region_step():
        form.reload_regions()
    elif form.validate_on_submit():
        address_book.update_address(current_user, address, form.entry(),
                                    make_default=form.is_default.data)
        db.session.commit()
        flash(_("The address is saved."), "success")
        return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_form.html", form=form, address=address)


@bp.route("/alamat/<int:address_id>/hapus", methods=["GET", "POST"])
@login_required
def address_delete(address_id: int):
    """GET asks to confirm; the confirmation form POSTs here (CSRF checked app-wide)."""
    address = _own_address(address_id)
    if request.method == "POST":
        address_book.delete_address(current_user, address)
        db.session.commit()
        flash(_("The address is deleted."), "success")
        return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_delete.html", address=address)


@bp.post("/alamat/<int:address_id>/utama")
@login_required
def address_default(address_id: int):
    address = _own_address(address_id)
    address_book.set_default(current_user, address)
    db.session.commit()
    flash(_("%(place)s is now your default address.",
            place=address.label or address.recipient_name), "success")
    return redirect(url_for("accounts.addresses"))


# --- The region lists (JSON) for static/js/region-picker.js -------------------------------
@bp.get("/wilayah", defaults={"code": None})
@bp.get("/wilayah/<code>")
def region_children(code: str | None):
    """The regions inside `code` (none: the provinces), each with its postal code (villages)."""
    if code is not None and (regions.get(code) is None or regions.level_of(code) >= 4):
        abort(404)
    response = jsonify({
        "code": code or "",
        "children": [{"code": r.code, "name": r.name, "postal_code": r.postal_code}
                     for r in regions.children(code)],
    })
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
