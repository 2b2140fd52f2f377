"""The sandbox's annual reports: one official format per report, the same whether served as
HTML, PDF or DOCX, with the official row labels."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.disclosure.annual_rules import failed_rules
from pages.annual_report import read_annual_report
from sandbox.assets import report_file
from sandbox.cms import cms_for
from sandbox.cms.articles import report_body
from sandbox.model import Item, Site
from sandbox.reports import OUTCOMES_BY_LAYOUT, layout_for, table3_labels
from sandbox.snapshots import web_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _reports(as_of: dt.date, units: int = 6) -> list[tuple[Site, Item]]:
    web = web_for(1, as_of)
    out = []
    for place in web.places[:units]:
        site = web.site(place)
        out += [(site, it) for it in site.items.values() if it.kind == "report"]
    return out


def _html(site: Site, item: Item) -> bytes:
    saved = item.data["format"]
    item.data["format"] = "html"
    try:
        body = report_body(cms_for(site.place.cms), site, item)
    finally:
        item.data["format"] = saved
    return f"<html><head><title>{item.title}</title></head><body><h1>{item.title}</h1>{body}</body></html>".encode()


@pytest.mark.parametrize("as_of", [dt.date(2020, 12, 15), dt.date(2023, 6, 1)])
def test_each_report_reads_as_one_format_in_html_pdf_and_docx(as_of: dt.date) -> None:
    reports = _reports(as_of)
    assert reports
    for site, item in reports:
        report = item.data["report"]
        want = layout_for(report["year"])
        assert report["layout"] == want
        readings = {
            "html": read_annual_report(_html(site, item), content_type="text/html; charset=utf-8"),
            "pdf": read_annual_report(
                report_file(item, "pdf", site.place.full_name), content_type="application/pdf"
            ),
            "docx": read_annual_report(report_file(item, "docx", site.place.full_name), content_type=DOCX),
        }
        for kind, read in readings.items():
            assert read.format == want, (site.place.id, report["year"], kind, read.format_evidence)
            assert failed_rules(read) == report["rules"], (site.place.id, kind)
            assert len(read.blank_cells) == report["blank_cells"], (site.place.id, kind)
            assert read.sections == [1, 2, 3, 4, 5, 6], (site.place.id, kind)
            others = {row for row, _ in read.requests if row.startswith("other.")}
            assert len(others) == (1 if want == "2019" else 3), (site.place.id, kind)
        assert not readings["html"].problems and not readings["docx"].problems


def test_formats_by_year() -> None:
    assert layout_for(2019) == layout_for(2020) == "2019"
    assert layout_for(2021) == layout_for(2024) == "2021"
    assert len(OUTCOMES_BY_LAYOUT["2019"]) == 19 and len(OUTCOMES_BY_LAYOUT["2021"]) == 21


def test_docx_keeps_the_row_labels() -> None:
    import io

    import docx

    site, item = _reports(dt.date(2020, 12, 15), units=1)[0]
    document = docx.Document(io.BytesIO(report_file(item, "docx", site.place.full_name)))
    table = next(t for t in document.tables if any("新收" in c.text for c in t.columns[0].cells))
    labels = [" ".join(dict.fromkeys(c.text for c in row.cells[:3])) for row in table.rows[3:]]
    expected = [" ".join(dict.fromkeys(parts)) for parts in table3_labels(item.data["report"])]
    assert labels == expected
    assert "三、本年度办理结果" not in labels
    assert any("予以公开" in label for label in labels) and any(
        "不予公开 1.属于国家秘密" in label for label in labels
    )
    assert labels[-2].endswith("（七）总计") and labels[-1] == "四、结转下年度继续办理"
