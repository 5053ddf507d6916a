"""The studio (/studio): producer groups run their storefront and listings here.

The dashboard, application, profile and members pages; listing, photo and CSV routes live
in listing_views.py, orders in order_views.py and statements in statement_views.py, all on
the blueprint of studio/blueprint.py.
"""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from marketplace.catalog.groups import GroupError
from marketplace.catalog.models import GroupMembership, Product, Sentra
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.region_fields import codes_of_village
from marketplace.studio import (  # noqa: F401  (routes)
    complaint_views,
    listing_views,
    listings,
    order_views,
    paper_views,
    photos,
    review_views,
    services,
    shipping_views,
    statement_views,
    variant_views,
)
from marketplace.studio.blueprint import bp, owner_only
from marketplace.studio.forms import GroupApplicationForm, MemberForm, ProfileForm
from marketplace.studio.rules import mask_account_number

LOW_STOCK = 3


@bp.get("")
def index():
    groups = services.groups_for_user(current_user)
    if len(groups) == 1:
        return redirect(url_for("studio.dashboard", group_slug=groups[0].slug))
    return render_template("studio/index.html", groups=groups)


@bp.route("/daftar-kelompok", methods=["GET", "POST"])
def apply():
    form = GroupApplicationForm()
    form.sentra_id.choices = [(0, _("— choose —"))] + [
        (s.id, s.name) for s in services.open_sentra()
    ]
    if form.validate_on_submit():
        sentra = db.session.get(Sentra, form.sentra_id.data)
        try:
            if sentra is None:
                raise services.StudioError(_("Choose the sentra your group belongs to."))
            group = services.apply_for_group(current_user, sentra, form.data)
        except (services.StudioError, GroupError) as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Thank you! The association will review %(name)s. You can prepare your "
                    "profile and listings meanwhile.", name=group.name), "success")
            return redirect(url_for("studio.dashboard", group_slug=group.slug))
    return render_template("studio/apply.html", form=form)


@bp.get("/<group_slug>")
def dashboard(group_slug: str):
    group = g.group
    low_stock = db.session.scalars(
        services.products_for_group(group)
        .where(Product.status == ProductStatus.ACTIVE, Product.stock <= LOW_STOCK)
        .order_by(Product.stock, Product.name)
    ).all()
    return render_template(
        "studio/dashboard.html",
        counts=listings.status_counts(group),
        low_stock=low_stock,
        low_stock_limit=LOW_STOCK,
        members=db.session.scalar(
            select(func.count(GroupMembership.id)).where(GroupMembership.group_id == group.id)
        ),
    )


# --- Shop profile ------------------------------------------------------------------------
@bp.route("/<group_slug>/profil", methods=["GET", "POST"])
def profile(group_slug: str):
    group = g.group
    owner = services.is_owner(g.membership)
    # Filled from an explicit list: the saved account number is never put into the form.
    saved = {name: getattr(group, name)
             for name in services.PROFILE_FIELDS + services.BANK_FIELDS}
    saved.update(codes_of_village(group.origin_village_code))  # the region picker's lists
    form = ProfileForm(data=saved, has_account_number=bool(group.bank_account_number))
    if not owner:
        for name in (*services.BANK_FIELDS, "bank_account_number"):
            delattr(form, name)
    if form.is_region_step():  # a "Choose" button (no JavaScript): the next list, nothing saved
        form.reload_regions()
    elif form.validate_on_submit():
        data = {name: form[name].data for name in services.PROFILE_FIELDS
                if name != "origin_village_code"}
        data["origin_village_code"] = form.region_data()["village_code"]
        if owner:
            data.update({name: form[name].data for name in services.BANK_FIELDS})
            data["bank_account_number"] = form.bank_account_number.data
        new_keys: list[str] = []
        try:
            old_key = None
            if form.cover.data:
                new_keys = [s.key for s in photos.store_uploads([form.cover.data], kind="covers")]
            services.update_profile(group, data, can_change_bank=owner)
            if new_keys:
                old_key = services.set_cover(group, new_keys[0])
            elif form.remove_cover.data:
                old_key = services.set_cover(group, None)
            db.session.commit()
        except photos.PhotoError as error:
            db.session.rollback()
            form.cover.errors = [*form.cover.errors, *error.messages]
        except Exception:
            db.session.rollback()
            photos.discard(new_keys)
            raise
        else:
            photos.discard([old_key])
            flash(_("Your shop profile is saved."), "success")
            return redirect(url_for("studio.profile"))
    return render_template(
        "studio/profile.html", form=form,
        masked_account=mask_account_number(group.bank_account_number),
    )


# --- Members -----------------------------------------------------------------------------
@bp.route("/<group_slug>/anggota", methods=["GET", "POST"])
def members(group_slug: str):
    form = MemberForm()
    if form.is_submitted():
        owner_only()
    if form.validate_on_submit():
        try:
            membership = services.add_member(g.group, form.email.data)
        except services.StudioError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            db.session.commit()
            flash(_("%(name)s is now a member of the group.", name=membership.user.name),
                  "success")
            return redirect(url_for("studio.members"))
    return render_template("studio/members.html", form=form,
                           memberships=services.members_of(g.group))


@bp.post("/<group_slug>/anggota/<int:membership_id>/hapus")
def member_remove(group_slug: str, membership_id: int):
    membership = services.membership_in_group(g.group, membership_id) or abort(404)
    owner_only()
    name = membership.user.name
    try:
        services.remove_member(membership, current_user)
    except services.StudioError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer a member of the group.", name=name), "success")
    return redirect(url_for("studio.members"))
