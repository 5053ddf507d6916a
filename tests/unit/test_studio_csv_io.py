"""Studio CSV import checks, without an app: every row reported, nothing partly accepted."""

from marketplace.studio.csv_io import (
    COLUMNS,
    MAX_ROWS,
    Existing,
    export_csv,
    read_import,
)

HEADER = ",".join(COLUMNS) + "\n"
CATEGORIES = {"keramik": 1, "batik": 2}


def check(text: str, existing=None):
    return read_import(text.encode("utf-8"), existing or {}, CATEGORIES)


def messages(row):
    return [p.message % dict(p.params) for p in row.problems]


def test_good_rows_are_creates_and_updates_with_parsed_values():
    report = check(HEADER + "krm-1,Vas,keramik,Rp 125.000,3,900,Tanah liat,Vas tinggi,aktif\n"
                            "KRM-2,Piring,batik,45000,0,300,,,\n",
                   {"KRM-2": Existing("KRM-2", "Piring")})
    assert report.ok
    first, second = report.rows
    assert (first.line, first.sku, first.action) == (2, "KRM-1", "create")
    assert first.values == {"name": "Vas", "materials": "Tanah liat",
                            "description": "Vas tinggi", "category_id": 1, "price": 125_000,
                            "stock": 3, "weight_grams": 900, "status": "active"}
    assert second.action == "update" and "status" not in second.values


def test_one_bad_row_makes_the_report_not_ok_and_keeps_the_others_accepted():
    report = check(HEADER + "A,Vas,keramik,1000,1,1,,,\nB,Piring,keramik,-1,1,1,,,\n")
    assert not report.ok
    assert [r.sku for r in report.accepted] == ["A"]
    assert messages(report.refused[0]) == ["price cannot be negative."]


def test_duplicate_skus_and_names_are_refused():
    report = check(HEADER + "A,Vas,keramik,1,1,1,,,\na,Vas Lain,keramik,1,1,1,,,\n"
                            "C,piring,keramik,1,1,1,,,\n",
                   {"Z": Existing("Z", "Piring")})
    assert messages(report.rows[1]) == ["SKU A is also on row 2; each SKU may appear once."]
    assert messages(report.rows[2]) == ["Another product of your group is also called piring."]


def test_renaming_two_products_into_each_others_names_is_fine():
    existing = {"A": Existing("A", "Vas"), "B": Existing("B", "Piring")}
    report = check(HEADER + "A,Piring,keramik,1,1,1,,,\nB,Vas,keramik,1,1,1,,,\n", existing)
    assert report.ok


def test_semicolons_quotes_blank_lines_and_extra_columns():
    text = ("\ufeffSKU;Name;Category;Price;Stock;Weight_Grams;group_id\n\n"
            'A;"Vas; besar";keramik;"1.000";1;1;99\n')
    report = check(text)
    assert report.ok
    assert report.ignored_columns == ["group_id"]
    assert report.rows[0].values["name"] == "Vas; besar"
    assert report.rows[0].line == 3


def test_too_many_rows_is_a_file_problem():
    report = check(HEADER + "A,B,keramik,1,1,1,,,\n" * (MAX_ROWS + 1))
    assert not report.ok and not report.rows
    assert report.file_problems[0].params == {"count": MAX_ROWS + 1, "max": MAX_ROWS}


def test_broken_quotes_are_a_file_problem():
    report = check(HEADER + 'A,"Vas"x,keramik,1,1,1,,,\n')
    assert not report.ok
    assert "quotes" in report.file_problems[0].message


def test_export_quotes_formulas_and_reads_back():
    text = export_csv([{"sku": "A", "name": "=cmd|' /C calc'!A0", "category": "keramik",
                        "price": 1000, "stock": 1, "weight_grams": 1, "materials": "@x",
                        "description": "+62 812", "status": "draft"}])
    assert "'=cmd" in text and "'@x" in text and "'+62 812" in text
    report = read_import(text.encode("utf-8"), {}, CATEGORIES)
    assert report.ok
    values = report.rows[0].values
    assert (values["name"], values["materials"], values["description"]) == (
        "=cmd|' /C calc'!A0", "@x", "+62 812")
