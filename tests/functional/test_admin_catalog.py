"""The admin's catalogue work: sentra, categories and featured products."""

import io
import json
import re
from html import escape

from PIL import Image
from sqlalchemy import select

from marketplace.catalog.models import Category, Sentra
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.media import image_exists
from marketplace.kernel.timeutil import utcnow
from tests.factories import make_category, make_group, make_product, make_sentra
from tests.helpers import post_form

SENTRA = {
    "name": "Sentra IKM Perak Celuk",
    "slug": "",
    "craft": "Perak",
    "province": "Bali",
    "regency": "Kab. Gianyar",
    "district": "Sukawati",
    "village": "Celuk",
    "story": "Desa perajin perak sejak 1976.",
    "established_year": "1976",
}


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _png(side=400) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (side * 2, side), (180, 120, 60)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


# --- Sentra ----------------------------------------------------------------------------
def test_admin_creates_a_sentra_with_a_slug_made_from_its_name(app, client, admin):
    response = post_form(client, "/admin/sentra/baru", SENTRA, follow_redirects=True)
    assert "is saved" in response.text
    sentra = db.session.scalar(select(Sentra).where(Sentra.name == SENTRA["name"]))
    assert sentra.slug == "sentra-ikm-perak-celuk"
    assert (sentra.village, sentra.established_year) == ("Celuk", 1976)
    assert client.get("/sentra/sentra-ikm-perak-celuk").status_code == 200
    [entry] = _audit("sentra.create")
    assert entry.before is None
    assert json.loads(entry.after)["name"] == SENTRA["name"]


def test_bad_sentra_input_is_refused_on_the_same_form_keeping_what_was_typed(app, client,
                                                                           admin):
    cases = [
        ({"name": ""}, "Enter the sentra"),
        ({"province": ""}, "Enter the province."),
        ({"established_year": "1800"}, "Enter a year between 1900 and"),
        ({"established_year": str(utcnow().year + 1)}, "Enter a year between 1900 and"),
        ({"established_year": "sembilan"}, "Enter a year such as 1998."),
        ({"established_year": "99999999999999999999"}, "Enter a year such as 1998."),
        ({"slug": "Bukan Slug!"}, "Use only lower-case letters"),
        ({"village": "x" * 81}, "Use at most 80 characters."),
    ]
    for changes, message in cases:
        response = post_form(client, "/admin/sentra/baru", {**SENTRA, **changes})
        assert response.status_code == 200
        assert message in response.text, changes
        # what the admin typed is still there, the refused value included
        assert 'value="Kab. Gianyar"' in response.text
        assert "Desa perajin perak sejak 1976.</textarea>" in response.text
        for value in changes.values():
            assert f'value="{value}"' in response.text, changes
    assert db.session.scalars(select(Sentra)).all() == []


def test_a_duplicate_sentra_name_or_address_is_refused(app, client, admin):
    make_sentra(name="Sentra IKM Perak Celuk", slug="celuk")
    db.session.commit()
    response = post_form(client, "/admin/sentra/baru", {**SENTRA, "name": "sentra ikm PERAK celuk"})
    assert "Another sentra already has this name." in response.text
    assert 'value="sentra ikm PERAK celuk"' in response.text
    response = post_form(client, "/admin/sentra/baru", {**SENTRA, "name": "Lain", "slug": "celuk"})
    assert "Another sentra already uses this web address." in response.text
    assert len(db.session.scalars(select(Sentra)).all()) == 1


def test_admin_edits_a_sentra_and_the_audit_keeps_before_and_after(app, client, admin):
    sentra = make_sentra(name="Sentra Tempe Sanan", story="Lama.")
    db.session.commit()
    url = f"/admin/sentra/{sentra.id}"
    page = client.get(url).text
    assert 'value="Sentra Tempe Sanan"' in page
    data = {**SENTRA, "name": "Sentra Industri Tempe Sanan", "slug": sentra.slug,
            "story": "Baru."}
    response = post_form(client, url, data, follow_redirects=True)
    assert "is saved" in response.text
    db.session.refresh(sentra)
    assert sentra.name == "Sentra Industri Tempe Sanan" and sentra.story == "Baru."
    [entry] = _audit("sentra.update")
    assert json.loads(entry.before)["name"] == "Sentra Tempe Sanan"
    assert json.loads(entry.after)["name"] == "Sentra Industri Tempe Sanan"
    assert "slug" not in json.loads(entry.after)  # only what changed


def test_a_sentra_cover_must_be_a_picture(app, client, admin):
    sentra = make_sentra()
    db.session.commit()
    url = f"/admin/sentra/{sentra.id}"
    data = {**SENTRA, "slug": sentra.slug,
            "cover": (io.BytesIO(b"MZ\x90\x00 not a picture"), "cover.jpg")}
    response = post_form(client, url, data)
    assert response.status_code == 200
    assert "This file is not a picture we can read." in response.text
    assert 'value="Sentra IKM Perak Celuk"' in response.text
    db.session.refresh(sentra)
    assert sentra.cover_key is None
    assert _audit("sentra.update") == []
    # a real picture is stored as the cover
    response = post_form(client, url, {**SENTRA, "slug": sentra.slug,
                                       "cover": (_png(), "celuk.png")}, follow_redirects=True)
    assert "is saved" in response.text
    db.session.refresh(sentra)
    assert sentra.cover_key.startswith("covers/")
    assert image_exists(sentra.cover_key)


# --- Categories ------------------------------------------------------------------------
def _category(client, data, url="/admin/kategori/baru", form_url="/admin/kategori"):
    base = {"name": "", "name_en": "", "slug": "", "parent_id": "0", "position": "0"}
    return post_form(client, url, {**base, **data}, form_url=form_url, follow_redirects=True)


def test_categories_are_listed_as_a_tree(app, client, admin):
    food = make_category(name="Makanan Olahan", position=2)
    make_category(name="Keripik", parent=food)
    make_category(name="Keramik", position=1)
    db.session.commit()
    page = client.get("/admin/kategori").text
    assert page.index("Keramik") < page.index("Makanan Olahan") < page.index("Keripik")


def test_admin_adds_a_top_level_category_and_a_subcategory(app, client, admin):
    response = _category(client, {"name": "Anyaman", "name_en": "Weaving", "position": "5"})
    assert "is saved" in response.text
    parent = db.session.scalar(select(Category).where(Category.name == "Anyaman"))
    assert (parent.slug, parent.parent_id, parent.position) == ("anyaman", None, 5)
    _category(client, {"name": "Anyaman Bambu", "name_en": "Bamboo weaving",
                       "parent_id": str(parent.id)})
    child = db.session.scalar(select(Category).where(Category.name == "Anyaman Bambu"))
    assert child.parent_id == parent.id
    assert len(_audit("category.create")) == 2


def test_bad_category_input_is_refused_keeping_what_was_typed(app, client, admin):
    make_category(name="Batik & Tekstil", slug="batik-tekstil")
    db.session.commit()
    cases = [
        ({"name": "batik & tekstil", "name_en": "Other"}, "Another category already has this"),
        ({"name": "Batik-Tekstil", "name_en": "Other"}, "already uses the web address"),
        ({"name": "Baru", "name_en": ""}, "English name."),
        ({"name": "Baru", "name_en": "New", "position": "-3"}, "Enter a number from 0 to 9999."),
        ({"name": "Baru", "name_en": "New", "position": "banyak"}, "Enter a whole number."),
        ({"name": "Baru", "name_en": "New", "parent_id": "999"}, "Choose a parent from the list."),
        ({"name": "Baru", "name_en": "New", "parent_id": "x"}, "Choose a parent from the list."),
    ]
    for data, message in cases:
        response = _category(client, data)
        assert message in response.text, data
        assert f'value="{escape(data["name"])}"' in response.text
    assert len(db.session.scalars(select(Category)).all()) == 1


def test_the_category_tree_stays_two_levels_deep(app, client, admin):
    top = make_category(name="Makanan Olahan")
    child = make_category(name="Keripik", parent=top)
    other = make_category(name="Keramik")
    db.session.commit()
    # a grandchild is refused
    response = _category(client, {"name": "Keripik Tempe", "name_en": "Tempe chips",
                                  "parent_id": str(child.id)})
    assert "Only a top-level category can have subcategories" in response.text
    # a category cannot be its own parent
    edit = f"/admin/kategori/{other.id}"
    response = _category(client, {"name": "Keramik", "name_en": "Ceramics",
                                  "slug": other.slug, "parent_id": str(other.id)},
                         url=edit, form_url=edit)
    assert "A category cannot be its own parent." in response.text
    # a category with subcategories cannot move under another one
    edit = f"/admin/kategori/{top.id}"
    response = _category(client, {"name": "Makanan Olahan", "name_en": "Food",
                                  "slug": top.slug, "parent_id": str(other.id)},
                         url=edit, form_url=edit)
    assert "must stay at the top level" in response.text
    db.session.refresh(top)
    assert top.parent_id is None
    # the edit form never offers a subcategory or the category itself as a parent
    page = client.get(f"/admin/kategori/{other.id}").text
    assert f'<option value="{child.id}"' not in page
    assert f'<option value="{other.id}"' not in page
    assert f'<option value="{top.id}"' in page


def test_admin_edits_a_category_and_the_audit_keeps_before_and_after(app, client, admin):
    category = make_category(name="Logam", name_en="Metal")
    db.session.commit()
    edit = f"/admin/kategori/{category.id}"
    response = _category(client, {"name": "Perak & Logam", "name_en": "Silver & metal",
                                  "slug": category.slug, "position": "3"},
                         url=edit, form_url=edit)
    assert "is saved" in response.text
    db.session.refresh(category)
    assert (category.name, category.position) == ("Perak & Logam", 3)
    [entry] = _audit("category.update")
    assert json.loads(entry.before) == {"name": "Logam", "name_en": "Metal", "position": 0}
    assert json.loads(entry.after) == {"name": "Perak & Logam", "name_en": "Silver & metal",
                                       "position": 3}


def test_a_category_in_use_cannot_be_deleted(app, client, admin):
    used = make_category(name="Keramik")
    make_product(category=used)
    unused = make_category(name="Kosong")
    db.session.commit()
    response = post_form(client, f"/admin/kategori/{used.id}/hapus",
                         form_url=f"/admin/kategori/{used.id}", follow_redirects=True)
    assert "Products still use this category (1)." in response.text
    assert db.session.get(Category, used.id) is not None
    response = post_form(client, f"/admin/kategori/{unused.id}/hapus",
                         form_url=f"/admin/kategori/{unused.id}", follow_redirects=True)
    assert "is deleted" in response.text
    assert db.session.scalar(select(Category.id).where(Category.name == "Kosong")) is None
    [entry] = _audit("category.delete")
    assert json.loads(entry.before)["name"] == "Kosong" and entry.after is None


def test_a_category_with_subcategories_cannot_be_deleted(app, client, admin):
    top = make_category(name="Makanan Olahan")
    make_category(name="Keripik", parent=top)
    db.session.commit()
    response = post_form(client, f"/admin/kategori/{top.id}/hapus",
                         form_url=f"/admin/kategori/{top.id}", follow_redirects=True)
    assert "This category has subcategories." in response.text
    assert db.session.get(Category, top.id) is not None


# --- Featured products -----------------------------------------------------------------
def _feature(client, product, featured: str):
    return post_form(client, f"/admin/unggulan/{product.id}",
                     {"featured": featured, "next": "/admin/unggulan?unggulan=1"},
                     form_url="/admin/unggulan", follow_redirects=True)


def test_featuring_a_product_puts_it_on_the_home_page(app, client, admin):
    product = make_product(name="Cincin Perak Celuk")
    db.session.commit()
    assert "Cincin Perak Celuk" in client.get("/admin/unggulan").text
    response = _feature(client, product, "1")
    assert "is now a featured product" in response.text
    assert "Cincin Perak Celuk" in response.text  # back on the "featured only" list
    home = client.get("/").text
    assert 'id="featured-title"' in home and "Cincin Perak Celuk" in home
    [entry] = _audit("product.feature")
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"is_featured": False}, {"is_featured": True})
    # and unfeaturing takes it off again
    response = _feature(client, product, "0")
    assert "is no longer featured" in response.text
    assert 'id="featured-title"' not in client.get("/").text
    assert len(_audit("product.unfeature")) == 1


def test_featuring_twice_changes_nothing_more(app, client, admin):
    product = make_product(is_featured=True)
    db.session.commit()
    response = _feature(client, product, "1")
    assert "Nothing was changed." in response.text
    assert _audit("product.feature") == []


def test_only_published_products_of_approved_groups_can_be_featured(app, client, admin):
    draft = make_product(status=ProductStatus.DRAFT, name="Draf Vas")
    hidden = make_product(group=make_group(status=GroupStatus.SUSPENDED), name="Vas Skors")
    db.session.commit()
    page = client.get("/admin/unggulan").text
    assert "Draf Vas" not in page and "Vas Skors" not in page
    for product in (draft, hidden):
        response = _feature(client, product, "1")
        assert "Only published products of approved groups can be featured." in response.text
        db.session.refresh(product)
        assert product.is_featured is False


def test_featured_list_filters_by_sentra_and_counts_per_sentra(app, client, admin):
    celuk = make_sentra(name="Sentra Perak Celuk")
    dinoyo = make_sentra(name="Sentra Keramik Dinoyo")
    make_product(group=make_group(sentra=celuk), name="Gelang Perak", is_featured=True)
    make_product(group=make_group(sentra=celuk), name="Anting Perak")
    make_product(group=make_group(sentra=dinoyo), name="Guci Dinoyo")
    db.session.commit()
    page = client.get(f"/admin/unggulan?sentra={celuk.id}").text
    assert "Gelang Perak" in page and "Anting Perak" in page
    assert "Guci Dinoyo" not in page.split("<h2>Published products</h2>")[1]
    page = client.get(f"/admin/unggulan?sentra={celuk.id}&unggulan=1").text
    listing = page.split("<h2>Published products</h2>")[1]
    assert "Gelang Perak" in listing and "Anting Perak" not in listing
    counts = page.split("<h2>Published products</h2>")[0]
    # Sentra Perak Celuk: 1 featured of 2 published
    assert re.search(r'Sentra Perak Celuk</a></td>\s*<td class="num">1</td>\s*'
                     r'<td class="num">2</td>', counts)
