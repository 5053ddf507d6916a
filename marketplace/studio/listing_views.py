"""Studio listing pages: list, create, edit, duplicate, status, photos and CSV import/export.

Every product comes from services.product_for_group(g.group, id): another group's id is a
404, whatever the URL or the form says.
"""

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.studio import csv_io, listings, photos, services
from marketplace.studio.blueprint import bp
from marketplace.studio.forms import (
    EditListingForm,
    ImportForm,
    ListingForm,
    NewListingForm,
    PhotoUploadForm,
)
from marketplace.studio.rules import MAX_PHOTOS

PER_PAGE = 50


def _product(product_id: int) -> Product:
    return services.product_for_group(g.group, product_id) or abort(404)


def _category_choices(form: ListingForm) -> None:
    form.category_id.choices = [(0, _("— choose —"))] + [
        (category.id, ("— " if depth else "") + category.display_name(str(get_locale())))
        for category, depth in listings.categories_for_choice()
    ]


def _listing_data(form: ListingForm) -> dict:
    """The whitelisted fields, and nothing else the request carried."""
    return {name: form[name].data for name in listings.LISTING_FIELDS}


def _show_listing_errors(form: ListingForm, error: listings.ListingError) -> None:
    for name, message in error.field_errors.items():
        form[name].errors = [*form[name].errors, str(message)]


def _conflict(form: ListingForm) -> None:
    """Another request saved the same SKU a moment ago: tell the user, save nothing."""
    form.sku.errors = [*form.sku.errors, _(
        "Another listing of your group already uses the SKU %(sku)s.", sku=form.sku.data)]


@bp.get("/<group_slug>/produk", endpoint="listings")
def listings_page(group_slug: str):
    status = request.args.get("status")
    status = status if status in set(ProductStatus) else None
    return render_template(
        "studio/listings.html",
        products=listings.listing_page(g.group, status, parse_page(request.args.get("page")),
                                       PER_PAGE),
        status=status,
        counts=listings.status_counts(g.group),
    )


@bp.route("/<group_slug>/produk/baru", methods=["GET", "POST"])
def listing_new(group_slug: str):
    form = NewListingForm()
    _category_choices(form)
    if form.validate_on_submit():
        keys: list[str] = []
        try:
            product = listings.create_listing(g.group, _listing_data(form), current_user.id)
            stored = photos.store_uploads(form.photos.data or [])
            keys = [s.key for s in stored]
            photos.add_photos(product, stored)
            if request.form.get("publish"):
                listings.change_status(product, ProductStatus.ACTIVE)
            db.session.commit()
        except listings.ListingError as error:
            db.session.rollback()
            _show_listing_errors(form, error)
        except photos.PhotoError as error:
            db.session.rollback()
            form.photos.errors = [*form.photos.errors, *error.messages]
        except services.StudioError as error:
            db.session.rollback()
            photos.discard(keys)
            flash(str(error), "error")
        except IntegrityError:
            db.session.rollback()
            photos.discard(keys)
            _conflict(form)
        except Exception:
            db.session.rollback()
            photos.discard(keys)
            raise
        else:
            flash(_("%(name)s is saved.", name=product.name), "success")
            return redirect(url_for("studio.listing_edit", product_id=product.id))
    return render_template("studio/listing_new.html", form=form, max_photos=MAX_PHOTOS)


@bp.route("/<group_slug>/produk/<int:product_id>", methods=["GET", "POST"])
def listing_edit(group_slug: str, product_id: int):
    product = _product(product_id)
    form = EditListingForm(obj=product, stock_shown=product.stock)
    _category_choices(form)
    if form.validate_on_submit():
        try:
            listings.update_listing(product, _listing_data(form), form.shown_stock(),
                                    current_user.id)
            db.session.commit()
        except listings.ListingError as error:
            db.session.rollback()
            _show_listing_errors(form, error)
            if isinstance(error, listings.StockChangedError):
                form.stock_shown.data = error.current  # so saving again goes through
        except IntegrityError:
            db.session.rollback()
            _conflict(form)
        else:
            flash(_("Your changes to %(name)s are saved.", name=product.name), "success")
            return redirect(url_for("studio.listing_edit", product_id=product.id))
    return _edit_page(product, form, PhotoUploadForm(formdata=None))


def _edit_page(product: Product, form: ListingForm, photo_form: PhotoUploadForm):
    return render_template(
        "studio/listing_edit.html", product=product, form=form, photo_form=photo_form,
        max_photos=MAX_PHOTOS,
    )


@bp.post("/<group_slug>/produk/<int:product_id>/status")
def listing_status(group_slug: str, product_id: int):
    product = _product(product_id)
    try:
        new = ProductStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        listings.change_status(product, new)
    except services.StudioError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        messages = {
            ProductStatus.ACTIVE: _("%(name)s is published: buyers can see it now."),
            ProductStatus.DRAFT: _("%(name)s is back to draft: buyers no longer see it."),
            ProductStatus.ARCHIVED: _("%(name)s is archived."),
        }
        flash(messages[new] % {"name": product.name}, "success")
    if request.form.get("back") == "listings":
        return redirect(url_for("studio.listings"))
    return redirect(url_for("studio.listing_edit", product_id=product.id))


@bp.post("/<group_slug>/produk/<int:product_id>/salin")
def listing_duplicate(group_slug: str, product_id: int):
    product = _product(product_id)
    keys: list[str] = []
    try:
        copy, keys = listings.duplicate_listing(product, current_user.id)
        db.session.commit()
    except photos.PhotoError as error:  # its photos could not be copied: no copy at all
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("studio.listing_edit", product_id=product.id))
    except Exception:
        db.session.rollback()
        photos.discard(keys)
        raise
    flash(_("This is a draft copy of %(name)s. Check it, then publish it.", name=product.name),
          "success")
    return redirect(url_for("studio.listing_edit", product_id=copy.id))


# --- Photos ------------------------------------------------------------------------------
@bp.post("/<group_slug>/produk/<int:product_id>/foto")
def photo_upload(group_slug: str, product_id: int):
    product = _product(product_id)
    photo_form = PhotoUploadForm()
    if photo_form.validate():
        keys: list[str] = []
        try:
            stored = photos.store_uploads(photo_form.photos.data, already=len(product.images))
            keys = [s.key for s in stored]
            photos.add_photos(product, stored)
            db.session.commit()
        except photos.PhotoError as error:
            db.session.rollback()
            photo_form.photos.errors = [*photo_form.photos.errors, *error.messages]
        except Exception:
            db.session.rollback()
            photos.discard(keys)
            raise
        else:
            flash(_("Photos added."), "success")
            return redirect(url_for("studio.listing_edit", product_id=product.id) + "#photos")
    form = EditListingForm(formdata=None, obj=product, stock_shown=product.stock)
    _category_choices(form)
    return _edit_page(product, form, photo_form)


@bp.post("/<group_slug>/produk/<int:product_id>/foto/<int:photo_id>/pindah")
def photo_move(group_slug: str, product_id: int, photo_id: int):
    product = _product(product_id)
    photo = photos.photo_of(product, photo_id) or abort(404)
    direction = request.form.get("direction")
    if direction not in photos.MOVES:
        abort(400)
    photos.move_photo(product, photo, direction)
    db.session.commit()
    return redirect(url_for("studio.listing_edit", product_id=product.id) + "#photos")


@bp.post("/<group_slug>/produk/<int:product_id>/foto/<int:photo_id>/hapus")
def photo_delete(group_slug: str, product_id: int, photo_id: int):
    product = _product(product_id)
    photo = photos.photo_of(product, photo_id) or abort(404)
    key = photos.delete_photo(product, photo)
    db.session.commit()
    photos.discard([key])
    flash(_("Photo removed."), "success")
    return redirect(url_for("studio.listing_edit", product_id=product.id) + "#photos")


# --- CSV ---------------------------------------------------------------------------------
@bp.route("/<group_slug>/produk/impor", methods=["GET", "POST"])
def listing_import(group_slug: str):
    form = ImportForm()
    report = None
    applied = False
    if form.validate_on_submit():
        report = listings.check_import(g.group, form.file.data.read(csv_io.MAX_BYTES + 1))
        if report.ok and not form.check_only.data:
            try:
                listings.apply_import(g.group, report, current_user.id)
                db.session.commit()
                applied = True
            except listings.ImportStockChangedError:
                db.session.rollback()  # the report's rows now say which stock moved
            except IntegrityError:
                db.session.rollback()
                report = None  # its "would be saved" no longer holds
                flash(_("Someone changed your listings while the file was being saved, so "
                        "nothing was saved. Please import the file again."), "error")
    return render_template(
        "studio/listing_import.html", form=form, report=report, applied=applied,
        columns=csv_io.COLUMNS, categories=listings.categories_for_choice(),
    )


@bp.get("/<group_slug>/produk/ekspor.csv")
def listing_export(group_slug: str):
    body = listings.export_listings(g.group)
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{g.group.slug}-produk.csv"',
            "Cache-Control": "no-store",
        },
    )
