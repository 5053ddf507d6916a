"""The bench database: fresh (SQLite file or PostgreSQL database), migrated, the demo
seeded and scaled to the wanted number of products; the routes to measure picked from it."""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import URL, make_url

from pagebench.common import (
    ADMIN_DATABASE,
    BENCH_DATABASE,
    CHUNK,
    DEFAULT_POSTGRES_URL,
    SECRET_KEY,
    WORK,
    BenchError,
)


def postgres_base_url() -> URL:
    return make_url(os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))


def recreate_postgres_database() -> str:
    """Drop and create the bench database via the admin database; returns its URL."""
    base = postgres_base_url()
    admin = create_engine(base.set(database=ADMIN_DATABASE), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    finally:
        admin.dispose()
    return base.set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def drop_postgres_database() -> None:
    admin = create_engine(
        postgres_base_url().set(database=ADMIN_DATABASE), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
    finally:
        admin.dispose()


def fresh_sqlite_database() -> str:
    path = WORK / "pages-sqlite.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def instance_path(backend: str) -> Path:
    return WORK / f"instance-{backend}"


def app_config(backend: str, database_url: str) -> dict[str, Any]:
    instance = instance_path(backend)
    return {
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MEDIA_DIR": str(instance / "media"),
    }


def build_database(backend: str, database_url: str, products: int) -> dict[str, str]:
    """Migrate, seed the demo, scale to `products` visible products, ANALYZE; pick the routes."""
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.demo import seed_demo
    from marketplace.kernel.extensions import db

    app = create_app(app_config(backend, database_url))
    with app.app_context():
        try:
            upgrade()
            seed_demo(with_images=False)
            db.session.commit()
            scale_catalogue(products)
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            return pick_routes()
        finally:
            db.session.remove()
            db.engine.dispose()


def scale_catalogue(target: int) -> None:
    """Bulk-insert copies of the demo products until `target` products are visible."""
    from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage
    from marketplace.catalog.services import visible_products
    from marketplace.catalog.status import GroupStatus, ProductStatus
    from marketplace.kernel.extensions import db

    session = db.session
    visible = session.scalar(visible_products().with_only_columns(func.count(Product.id)))
    missing = target - visible
    if missing <= 0:
        return
    templates = session.scalars(visible_products().order_by(Product.id)).all()
    group_ids = session.scalars(
        select(ProducerGroup.id)
        .where(ProducerGroup.status == GroupStatus.APPROVED)
        .order_by(ProducerGroup.id)
    ).all()
    category_ids = session.scalars(select(Category.id).order_by(Category.id)).all()
    if not templates or not group_ids or not category_ids:
        raise BenchError("the demo seed left no visible products, approved groups or categories")

    rng = random.Random(20260101)  # a fixed seed: every run builds the same catalogue
    now = datetime.now(UTC)
    products_table = Product.__table__
    images_table = ProductImage.__table__
    max_id = session.scalar(select(func.coalesce(func.max(Product.id), 0)))

    rows: list[dict[str, Any]] = []
    for n in range(1, missing + 1):
        template = templates[n % len(templates)]
        created = now - timedelta(minutes=rng.randrange(1, 2 * 365 * 24 * 60))
        price = max(1000, round(template.price * rng.uniform(0.5, 2.0) / 500) * 500)
        rows.append(
            {
                # Round-robin over groups, a different stride over categories: every group
                # and every category gets a share, in many combinations.
                "group_id": group_ids[n % len(group_ids)],
                "category_id": category_ids[(n * 7 + n // len(group_ids)) % len(category_ids)],
                "sku": f"BENCH-{n:06d}",
                "slug": f"{template.slug}-b{n:06d}"[:120],
                "name": f"{template.name} · seri {n}"[:120],
                "description": template.description,
                "materials": template.materials,
                "price": price,
                "stock": 0 if rng.random() < 0.05 else rng.randrange(1, 80),
                "weight_grams": template.weight_grams,
                "status": ProductStatus.ACTIVE,
                "is_featured": rng.random() < 0.01,
                "created_at": created,
                "updated_at": created,
            }
        )
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(products_table), rows[start : start + CHUNK])

    new_products = session.execute(
        select(products_table.c.id, products_table.c.slug, products_table.c.created_at).where(
            products_table.c.id > max_id, products_table.c.sku.like("BENCH-%")
        )
    ).all()
    if len(new_products) != missing:
        raise BenchError(f"inserted {missing} products but found {len(new_products)}")
    images = [
        {
            "product_id": product_id,
            "position": position,
            "key": f"products/bench-{slug}-{position}",
            "width": 1200,
            "height": 1200,
            "created_at": created,
        }
        for product_id, slug, created in new_products
        for position in (0, 1)
    ]
    for start in range(0, len(images), CHUNK):
        session.execute(insert(images_table), images[start : start + CHUNK])
    session.flush()
    session.expire_all()


def pick_routes() -> dict[str, str]:
    """The benchmarked paths: the biggest top-level category and storefront, one product."""
    from marketplace.catalog import services
    from marketplace.catalog.models import ProducerGroup, Product
    from marketplace.kernel.extensions import db

    tree = services.category_tree()
    category = max(tree, key=lambda node: node.count).category
    group_id, _ = db.session.execute(
        services.visible_products()
        .with_only_columns(Product.group_id, func.count(Product.id))
        .group_by(Product.group_id)
        .order_by(func.count(Product.id).desc(), Product.group_id)
        .limit(1)
    ).one()
    group_slug = db.session.scalar(select(ProducerGroup.slug).where(ProducerGroup.id == group_id))
    # A product in the middle of the newest-first order: not the first row of any index.
    total = db.session.scalar(services.visible_products().with_only_columns(func.count()))
    product_slug = db.session.scalar(
        services.visible_products()
        .with_only_columns(Product.slug)
        .order_by(Product.created_at.desc(), Product.id.desc())
        .offset(total // 2)
        .limit(1)
    )
    return {
        "home": "/",
        "category": f"/kategori/{category.slug}",
        "product": f"/produk/{product_slug}",
        "storefront": f"/toko/{group_slug}",
    }


def count_visible(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                text(
                    "SELECT count(*) FROM products p JOIN producer_groups g ON g.id = p.group_id"
                    " WHERE p.status = 'active' AND g.status = 'approved'"
                )
            )
    finally:
        engine.dispose()

def database_version(backend: str, database_url: str) -> str:
    if backend == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return "PostgreSQL " + str(conn.scalar(text("SHOW server_version")))
    finally:
        engine.dispose()
