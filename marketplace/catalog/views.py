"""Public catalogue pages: home, sentra, storefronts, products, categories."""

from flask import Blueprint, abort, current_app, render_template, request

from marketplace.catalog import services, variants
from marketplace.catalog.page_cache import cache_page
from marketplace.kernel.pagination import parse_page

bp = Blueprint("catalog", __name__)


def _listing_args() -> tuple[int, str]:
    return parse_page(request.args.get("page")), services.parse_sort(request.args.get("sort"))


def _per_page() -> int:
    return current_app.config["PRODUCTS_PER_PAGE"]


@bp.get("/")
@cache_page
def index():
    return render_template(
        "catalog/index.html",
        featured=services.featured_products(8),
        newest=services.newest_products(12),
        sentra=services.sentra_summaries(),
    )


@bp.get("/sentra")
@cache_page
def sentra_list():
    return render_template("catalog/sentra_list.html", sentra=services.sentra_summaries())


@bp.get("/sentra/<slug>")
@cache_page
def sentra_detail(slug: str):
    sentra = services.get_sentra(slug) or abort(404)
    page, sort = _listing_args()
    stmt = services.products_of_sentra(sentra)
    return render_template(
        "catalog/sentra_detail.html",
        sentra=sentra,
        groups=services.approved_groups(sentra),
        products=services.paginate_products(
            stmt, page, _per_page(), sort, count_key=("sentra", sentra.id)
        ),
        sort=sort,
    )


@bp.get("/toko/<slug>")
@cache_page
def storefront(slug: str):
    group = services.get_visible_group(slug) or abort(404)
    page, sort = _listing_args()
    stmt = services.products_of_group(group)
    return render_template(
        "catalog/storefront.html",
        group=group,
        rating=services.group_rating(group),
        products=services.paginate_products(
            stmt, page, _per_page(), sort, count_key=("group", group.id)
        ),
        sort=sort,
    )


@bp.get("/produk/<slug>")
@cache_page
def product_detail(slug: str):
    product = services.get_visible_product(slug) or abort(404)
    choices = variants.active_variants(product) if product.has_variants else []
    chosen = variants.variant_of(product, request.args.get("varian")) if choices else None
    if choices and chosen is None:  # the first one in stock, until the buyer picks
        chosen = next((v for v in choices if v.stock > 0), choices[0])
    return render_template(
        "catalog/product_detail.html",
        product=product,
        choices=choices,
        chosen=chosen,
        sellable=chosen or product,
        price_range=(min(v.price for v in choices), max(v.price for v in choices))
        if choices else None,
        more=services.group_products(product.group, 4, exclude=product),
    )


@bp.get("/produk")
@cache_page
def browse():
    page, sort = _listing_args()
    tree = services.category_tree()
    return render_template(
        "catalog/browse.html",
        category=None,
        tree=tree,
        products=services.paginate_products(
            services.visible_products(), page, _per_page(), sort,
            total=sum(node.count for node in tree),
        ),
        sort=sort,
    )


@bp.get("/kategori/<slug>")
@cache_page
def category(slug: str):
    category = services.get_category(slug) or abort(404)
    page, sort = _listing_args()
    tree = services.category_tree()
    stmt = services.products_in_category(category, tree)
    node = services.category_node(category, tree)
    return render_template(
        "catalog/browse.html",
        category=category,
        tree=tree,
        products=services.paginate_products(
            stmt, page, _per_page(), sort, total=node.count if node else None,
            count_key=("category", category.id),
        ),
        sort=sort,
    )
