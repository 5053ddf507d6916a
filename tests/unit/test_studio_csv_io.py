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


def test_export_writes_the_exported_stock_beside_the_stock():
    text = export_csv([{"sku": "A", "name": "Vas", "category": "keramik", "price": 1000,
                        "stock": 7, "stock_exported": 7, "weight_grams": 1}])
    header, row = text.lstrip("\ufeff").splitlines()
    assert header.split(",")[4:6] == ["stock", "stock_exported"]
    assert row.split(",")[4:6] == ["7", "7"]


def test_a_stock_changed_since_the_export_is_refused_with_todays_figure():
    # given products whose stock moved after the export (A, B, C) or not (D)
    existing = {"A": Existing("A", "Vas", stock=3), "B": Existing("B", "Piring", stock=3),
                "C": Existing("C", "Cangkir", stock=6), "D": Existing("D", "Teko", stock=2)}
    header = "sku,name,category,price,stock,stock_exported,weight_grams\n"
    # when a file sets a new stock for A and C, today's stock for B, any stock for D, the
    # exported figure for F (untouched), and a new product E carries an exported figure
    existing["F"] = Existing("F", "Kendi", stock=1)
    report = check(header + "A,Vas,keramik,1,10,4,1\nB,Piring,keramik,1,3,4,1\n"
                            "C,Cangkir,keramik,1,7,5,1\nD,Teko,keramik,1,9,2,1\n"
                            "E,Mangkuk,keramik,1,1,8,1\nF,Kendi,keramik,1,2,2,1\n", existing)
    # then A and C are refused with the current figure; B, D, E and F are fine (F's
    # untouched figure leaves its stock alone)
    a, b, c, d, e, f = report.rows
    assert messages(a) == ["Stock changed since the export: it is now 3 (orders came in). "
                           "Check the stock figure, then import the file again."]
    assert a.problems[0].params == {"current": 3}
    assert "it is now 6 (an order was cancelled" in messages(c)[0]
    assert b.ok and d.ok and e.ok and f.ok
    assert (a.stock_exported, b.stock_exported, e.stock_exported) == (4, 4, None)
    assert report.ignored_columns == []


def test_without_an_exported_stock_the_stock_is_taken_as_written():
    existing = {"A": Existing("A", "Vas", stock=3)}
    assert check(HEADER + "A,Vas,keramik,1,10,1,,,\n", existing).ok
    report = check("sku,name,category,price,stock,stock_exported,weight_grams\n"
                   "A,Vas,keramik,1,10,,1\n", existing)
    assert report.ok and report.rows[0].stock_exported is None


def test_a_bad_exported_stock_is_a_row_problem():
    existing = {"A": Existing("A", "Vas", stock=3)}
    report = check("sku,name,category,price,stock,stock_exported,weight_grams\n"
                   "A,Vas,keramik,1,10,tiga,1\n", existing)
    assert messages(report.rows[0]) == ["stock_exported: enter a number using digits only."]
