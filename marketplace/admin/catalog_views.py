"""Admin pages for the catalogue: sentra, categories and featured products."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.admin import catalog_services as services
from marketplace.admin.blueprint import bp
from marketplace.admin.forms import CategoryForm, FeatureForm, SentraForm
from marketplace.admin.services import AdminError, AdminFieldError
from marketplace.catalog.models import Category, Product, Sentra
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.kernel.pagination import parse_page
from marketplace.kernel.urls import safe_next


def _show_field_errors(form, error: AdminFieldError) -> None:
    for name, message in error.errors.items():
        getattr(form, name).errors.append(message)


# --- Sentra ----------------------------------------------------------------------------
@bp.get("/sentra")
def sentra_list():
    return render_template("admin/sentra_list.html", rows=services.sentra_rows())


def _sentra_form(sentra: Sentra | None):
    form = SentraForm(obj=sentra)
    if form.validate_on_submit():
        try:
            saved = services.save_sentra(sentra, form.values(), form.cover.data)
        except AdminFieldError as error:
            db.session.rollback()
            _show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Sentra %(name)s is saved.", name=saved.name), "success")
            return redirect(url_for("admin.sentra_list"))
    return render_template("admin/sentra_form.html", form=form, sentra=sentra)


@bp.route("/sentra/baru", methods=["GET", "POST"])
def sentra_new():
    return _sentra_form(None)


@bp.route("/sentra/<int:sentra_id>", methods=["GET", "POST"])
def sentra_edit(sentra_id: int):
    return _sentra_form(db.get_or_404(Sentra, sentra_id))


# --- Categories ------------------------------------------------------------------------
def _category_form(category: Category | None) -> CategoryForm:
    form = CategoryForm(obj=category)
    form.parent_id.choices = [(0, _("— none (top level) —"))] + [
        (c.id, c.name) for c in services.parent_choices(category)
    ]
    if category is not None and request.method == "GET":
        form.parent_id.data = category.parent_id or 0
    return form


def _save_category(category: Category | None, form: CategoryForm):
    """Save a valid form; returns a redirect, or None when the form shows errors."""
    if not form.validate_on_submit():
        return None
    try:
        saved = services.save_category(category, form.values())
    except AdminFieldError as error:
        db.session.rollback()
        _show_field_errors(form, error)
        return None
    db.session.commit()
    flash(_("Category %(name)s is saved.", name=saved.name), "success")
    return redirect(url_for("admin.categories"))


@bp.get("/kategori")
def categories():
    return render_template("admin/categories.html", tree=services.category_tree(),
                           form=_category_form(None))


@bp.post("/kategori/baru")
def category_new():
    form = _category_form(None)
    return _save_category(None, form) or render_template(
        "admin/categories.html", tree=services.category_tree(), form=form
    )


@bp.route("/kategori/<int:category_id>", methods=["GET", "POST"])
def category_edit(category_id: int):
    category = db.get_or_404(Category, category_id)
    form = _category_form(category)
    return _save_category(category, form) or render_template(
        "admin/category_form.html", form=form, category=category
    )


@bp.post("/kategori/<int:category_id>/hapus")
def category_delete(category_id: int):
    category = db.get_or_404(Category, category_id)
    name = category.name
    try:
        services.delete_category(category)
    except AdminError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.category_edit", category_id=category_id))
    db.session.commit()
    flash(_("Category %(name)s is deleted.", name=name), "success")
    return redirect(url_for("admin.categories"))


# --- Featured products -----------------------------------------------------------------
@bp.get("/unggulan")
def featured():
    sentra_id = parse_int(request.args.get("sentra"), minimum=1)
    featured_only = request.args.get("unggulan") == "1"
    filters = {"sentra": sentra_id, "unggulan": "1" if featured_only else None}
    return render_template(
        "admin/featured.html",
        products=services.featured_candidates(sentra_id, featured_only,
                                              parse_page(request.args.get("page"))),
        counts=services.featured_counts(),
        sentra_id=sentra_id,
        featured_only=featured_only,
        filters={k: v for k, v in filters.items() if v},
    )


@bp.post("/unggulan/<int:product_id>")
def featured_toggle(product_id: int):
    # Locked until commit, so a double click cannot feature it (and audit it) twice.
    product = db.session.get(Product, product_id, with_for_update=True) or abort(404)
    form = FeatureForm()
    back = safe_next(form.next.data, url_for("admin.featured"))
    if not form.validate_on_submit() or form.featured.data not in ("0", "1"):
        flash(_("That request was not understood. Nothing was changed."), "error")
        return redirect(back)
    wanted = form.featured.data == "1"
    try:
        did_change = services.set_featured(product, wanted)
    except AdminError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    if not did_change:
        flash(_("Nothing was changed."), "warning")
    elif wanted:
        flash(_("%(name)s is now a featured product.", name=product.name), "success")
    else:
        flash(_("%(name)s is no longer featured.", name=product.name), "success")
    return redirect(back)
