"""Traps found on real pages, planted in the simulated web (issue 18) so the audit meets them:
MM-DD homepage lists, a PubDate meta the CMS regenerated, annual-report PDFs with page numbers
inside their tables."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from functools import cache

from pypdf import PdfReader

from pages.annual_report_sources import read_pdf
from pages.decoding import decode_body
from pages.reader import read_page
from sandbox.assets import report_file
from sandbox.cms import cms_for
from sandbox.cms.skeleton import REGENERATED_AFTER_DAYS, pubdate_meta
from sandbox.http import Request
from sandbox.web import SandboxWeb

AS_OF = dt.date(2020, 12, 15)
_MONTH_DAY_ROW = re.compile(r'<li><a href="([^"]+)"[^>]*>[^<]*</a><span>(\d\d-\d\d)</span>')


@cache
def web() -> SandboxWeb:
    return SandboxWeb(seed=1, as_of=AS_OF)


def test_homepage_rows_dated_month_day_are_read_with_their_year() -> None:
    checked = 0
    for place in web().places:
        if place.on_portal:
            continue
        response = web().handle(Request(place.host, place.base))
        body = response.body
        text = decode_body(body, response.headers.get("Content-Type")).text
        rows = [(html.unescape(href), day) for href, day in _MONTH_DAY_ROW.findall(text)]
        if not rows:
            continue
        site = web().site(place)
        cms = cms_for(site.place.cms)
        true_dates = {
            cms.item_url(site, item): item.date for col in site.columns.values() for item in col.items
        }
        info = read_page(body, url=f"http://{place.host}{place.base}", crawled_on=AS_OF)
        read = {item.url: item.date for group in info.item_groups for item in group.items}
        for href, month_day in rows:
            assert read.get(href) == true_dates[href], f"{place.id}: {href} ({month_day})"
        checked += 1
    assert checked >= 5, "the MM-DD trap is planted on several homepages"


def test_a_regenerated_pubdate_loses_to_the_visible_label() -> None:
    place = next(p for p in web().places if not p.on_portal)
    site = web().site(place)
    cms = cms_for(site.place.cms)
    item = next(
        it
        for col in site.columns.values()
        for it in col.items
        if pubdate_meta(it) != it.date and it.kind == "article"
    )
    url = cms.item_url(site, item)
    host, path = url.split("//", 1)[1].split("/", 1)
    info = read_page(web().handle(Request(host, "/" + path)).body, url=url)
    assert info.publish_date == item.date
    sources = info.to_json()["date_sources"]
    assert sources["meta"] == (item.date + dt.timedelta(days=REGENERATED_AFTER_DAYS)).isoformat()
    assert any(d.startswith("meta ") for d in sources["disagreements"])


def test_report_pdfs_carry_page_numbers_that_the_reader_takes_out() -> None:
    site = web().site(next(p for p in web().places if not p.on_portal))
    item = next(it for col in site.columns.values() for it in col.items if it.kind == "report")
    pdf = report_file(item, "pdf", site.place.full_name)
    assert b"2014" in pdf or pdf.startswith(b"%PDF")

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2 and pages[0].rstrip().endswith("— 1 —")
    text = read_pdf(pdf).text
    assert not re.search(r"^— \d+ —$", text, re.M)
