"""The benchmark's SQLite database (the demo plus generated products) and its index."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from search_data import generate

from searchbench.common import (
    CHUNK,
    WORK,
    app_config,
    backend,
    database_url,
    recreate_pg_database,
)


def build_database(products: int) -> int:
    """Migrate, seed the demo, add generated products until `products` are visible."""
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select, text

    from marketplace import create_app
    from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage
    from marketplace.catalog.services import visible_products
    from marketplace.catalog.status import ProductStatus
    from marketplace.demo import seed_demo
    from marketplace.kernel.extensions import db

    if backend() == "postgres":
        recreate_pg_database(database_url())
    else:
        path = WORK / "search-sqlite.db"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(WORK / f"instance-search-{backend()}", ignore_errors=True)
    app = create_app(app_config(database_url()))
    with app.app_context():
        upgrade()
        seed_demo(with_images=False)
        db.session.commit()
        visible = db.session.scalar(visible_products().with_only_columns(func.count()))
        groups = dict(db.session.execute(select(ProducerGroup.slug, ProducerGroup.id)).all())
        categories = dict(db.session.execute(select(Category.slug, Category.id)).all())
        now = datetime.now(UTC)
        rows = []
        for item in generate(max(0, products - visible)):
            created = now - timedelta(days=item["age_days"])
            rows.append({
                "group_id": groups[item["group"]], "category_id": categories[item["category"]],
                "sku": item["sku"], "slug": item["slug"], "name": item["name"],
                "description": item["description"], "materials": item["materials"],
                "price": item["price"], "stock": item["stock"],
                "weight_grams": item["weight_grams"], "status": ProductStatus.ACTIVE,
                "is_featured": False, "created_at": created, "updated_at": created,
            })
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(Product.__table__), rows[start:start + CHUNK])
        new = db.session.execute(
            select(Product.id, Product.slug).where(Product.sku.like("BENCH-%"))
        ).all()
        images = [{"product_id": pid, "position": 0, "key": f"products/bench-{slug}",
                   "width": 1200, "height": 1200, "created_at": now} for pid, slug in new]
        for start in range(0, len(images), CHUNK):
            db.session.execute(insert(ProductImage.__table__), images[start:start + CHUNK])
        # The seed queued its products for the index; the full build covers them.
        db.session.execute(text("DELETE FROM search_queue"))
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        total = db.session.scalar(visible_products().with_only_columns(func.count()))
        db.session.remove()
        db.engine.dispose()
    return total


def build_index() -> tuple[float, int, int]:
    """(seconds, bytes on disk, documents) of a full rebuild."""
    from marketplace import create_app
    from marketplace.kernel.extensions import db
    from marketplace.search import api
    from marketplace.search.documents import count_visible
    from marketplace.search.sync import rebuild_index

    app = create_app(app_config(database_url()))
    with app.app_context():
        total = count_visible()
        step = max(1, total // 20)

        def progress(count: int) -> None:
            if count % step == 0:
                print(f"   indexed {count}/{total}", flush=True)

        started = time.perf_counter()
        rebuild_index(progress)
        seconds = time.perf_counter() - started
        size = api.status().size_bytes
        db.session.remove()
        db.engine.dispose()
    return seconds, size, total
