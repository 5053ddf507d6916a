"""The demo data files: the whole demo, with every reference resolved, and clear errors."""

import shutil
import tomllib
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.demo.loader import DATA_DIR, DemoDataError, load

ROOT = Path(__file__).resolve().parents[2]


def test_demo_data_holds_the_whole_demo():
    demo = load()

    assert (len(demo.categories), len(demo.sentra), len(demo.groups), len(demo.products)) == (
        12, 5, 23, 125)
    assert Counter(g.status for g in demo.groups) == {GroupStatus.APPROVED: 22,
                                                      GroupStatus.PENDING: 1}
    assert Counter(p.status for p in demo.products) == {
        ProductStatus.ACTIVE: 123, ProductStatus.DRAFT: 1, ProductStatus.ARCHIVED: 1}
    assert len(demo.for_sale()) == 122  # the pending group's product is not for sale
    assert len(demo.history.commission_rules) == 3
    owners = {g.owner_email for g in demo.groups}
    assert len(owners | {demo.logins.admin.email, demo.logins.buyer.email}) == 25


def test_demo_data_references_resolve():
    demo = load()
    categories = {c.slug for c in demo.categories}
    groups = {g.slug for g in demo.groups}

    assert {g.sentra for g in demo.groups} == {s.slug for s in demo.sentra}
    assert all(p.group in groups and p.category in categories for p in demo.products)
    assert all(c.parent is None or c.parent in categories for c in demo.categories)
    assert len({p.sku for p in demo.products}) == len({p.slug for p in demo.products}) == 125


def test_demo_data_keeps_the_text_as_written():
    demo = load()
    sentra = {s.slug: s for s in demo.sentra}
    products = {p.sku: p for p in demo.products}

    assert sentra["keramik-dinoyo"].story.count("\n\n") == 2  # three paragraphs, no edges
    assert not sentra["keramik-dinoyo"].story.startswith("\n")
    assert sentra["kendedes-singosari"].name.endswith('"Pujisari"')
    assert "1.100°C" in products["DNY-KRM-001"].description
    assert (products["DNY-KRM-001"].price, products["DNY-KRM-001"].stock) == (185000, 12)


def _broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("sentra/01-keramik-dinoyo.toml", 'category = "keramik"', 'category = "keramk"',
     "sentra/01-keramik-dinoyo.toml, product 'DNY-KRM-001': unknown category 'keramk'"),
    ("sentra/02-tempe-sanan.toml", "price = ", "price = true # ",
     "sentra/02-tempe-sanan.toml, product 'SNN-KRP-001': `price` must be a whole number"),
    ("sentra/02-tempe-sanan.toml", "weight_grams = ", "weight = ",
     "product 'SNN-KRP-001': unknown field(s): weight"),
    ("sentra/03-perak-celuk.toml", 'sku = "CLK-PRK-001"', 'sku = "DNY-KRM-001"',
     "SKU 'DNY-KRM-001' used twice (also in sentra/01-keramik-dinoyo.toml)"),
    ("history.toml", 'target = "tempe-sanan"', 'target = "tempe-malang"',
     "history.toml, commission rule #2: no sentra 'tempe-malang'"),
    ("categories.toml", 'name_en = "Ceramics"', 'name_en = "Ceramics',
     "categories.toml: not valid TOML"),
])
def test_demo_data_errors_name_the_file_and_entry(tmp_path, file, old, new, message):
    with pytest.raises(DemoDataError) as error:
        load(_broken(tmp_path, file, old, new))

    assert message in str(error.value)


def test_demo_data_files_ship_with_the_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["marketplace"]
    package = ROOT / "marketplace"
    files = [PurePosixPath(p.relative_to(package).as_posix())
             for p in DATA_DIR.rglob("*.toml")]

    def shipped(file: PurePosixPath) -> bool:  # a glob's * stops at a slash
        return any(len(file.parts) == len(PurePosixPath(g).parts) and file.match(g)
                   for g in globs)

    assert len(files) == 9  # with shipping.toml
    assert all(shipped(f) for f in files)
