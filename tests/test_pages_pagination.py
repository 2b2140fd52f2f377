from __future__ import annotations

from pathlib import Path

import pytest

from pages.pagination import discover_pagination, needs_rendering

REFERENCE = Path(__file__).resolve().parent / "data" / "reference_pages"  # sources: SOURCES.md there


def test_trs_create_page_html_with_count_variable() -> None:
    html = '<script>var countPage = 4;createPageHTML(countPage, 0, "index", "shtml");</script>'
    pagination = discover_pagination(html, "http://www.yaodu.gov.cn/zwgk/zcwj/index.shtml")
    assert pagination.kind == "trs" and pagination.total_pages == 4
    assert pagination.pages == [f"http://www.yaodu.gov.cn/zwgk/zcwj/index_{n}.shtml" for n in (1, 2, 3)]


def test_trs_literal_count() -> None:
    html = "<script>createPageHTML(2, 0, 'index', 'html');</script>"
    assert discover_pagination(html, "http://x.gov.cn/a/").pages == ["http://x.gov.cn/a/index_1.html"]


def test_hanweb_dataproxy() -> None:
    html = """<div id="4567"><script type="text/xml"><datastore><nextgroup><![CDATA[
    <a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=12&path=/&columnid=345&unitid=4567&webname=x&permissiontype=0"></a>
    ]]></nextgroup></datastore></script></div>
    <script>var pager = new Pager({totalRecord:40, perpage:15});</script>"""
    pagination = discover_pagination(html, "http://www.yaodu.gov.cn/col/col345/index.html")
    assert pagination.kind == "hanweb" and pagination.total_records == 40 and pagination.total_pages == 3
    first, *_rest, last = pagination.pages
    assert first.startswith(
        "http://www.yaodu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15"
    )
    assert "columnid=345" in first and "webid=12" in first and "unitid=4567" in first
    assert "startrecord=31&endrecord=40" in last


_JPAGE = """<div id="6074"><script type="text/xml"><datastore><recordset>{records}</recordset></datastore></script></div>
<script src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>$('#6074').jpage({{dataStore: dataStore, perPage: 15, totalRecord: 40,
  proxyUrl: '/module/web/jpage/dataproxy.jsp'}});</script>"""


def test_hanweb_list_with_its_records_in_the_page_needs_no_browser() -> None:
    record = '<record><![CDATA[<li><a href="/art/2020/12/9/art_1_1.html">x</a><span>2020-12-09</span></li>]]></record>'
    assert not needs_rendering(_JPAGE.format(records=record * 3)).needed


def test_hanweb_list_without_records_in_the_page_needs_a_browser() -> None:
    need = needs_rendering(_JPAGE.format(records=""))
    assert need.needed and "Hanweb" in (need.why or "")


def test_static_list_needs_no_browser() -> None:
    html = "<ul class='list'><li><a href='/a.html'>a</a></li></ul>"
    assert not needs_rendering(html).needed
    assert discover_pagination(html, "http://x/").kind == "none"


@pytest.mark.parametrize(
    "name", ["e_list_jsonly_xzgfxwj_pingtan.html", "c_annual_report_list_jspager_pingtan.html"]
)
def test_reference_pages_built_by_script_need_rendering(name: str) -> None:
    need = needs_rendering((REFERENCE / name).read_text(encoding="utf-8"))
    assert need.needed and need.why
