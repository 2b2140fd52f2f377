"""Publish dates chosen by evidence: every source shown, disagreements named, undecided said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pages.datesources import choose, index_number_year
from pages.reader import read_page

REAL = Path(__file__).parent / "data" / "real_pages" / "pages"


def article(head: str = "", fields: str = "") -> str:
    return (
        f"<html><head><title>某县关于做好某项工作的通知_某县人民政府</title>{head}</head><body>"
        f"<h1>某县关于做好某项工作的通知</h1><div class='info'>{fields}</div>"
        f"<div class='TRS_Editor'><p>{'正文。' * 80}</p></div></body></html>"
    )


def test_a_regenerated_pubdate_meta_loses_to_the_visible_label() -> None:
    # The CMS rewrote PubDate when it regenerated the page, years after the visible 发布日期.
    html = article('<meta name="PubDate" content="2026-05-11 09:00">', "<p>发布日期：2023-11-04</p>")
    info = read_page(html, url="https://www.x.gov.cn/zwgk/202311/t20231104_51587.htm")
    assert info.publish_date == dt.date(2023, 11, 4)
    sources = info.to_json()["date_sources"]
    assert sources["chosen"] == "field"
    assert sources["meta"] == "2026-05-11" and sources["label"] == "2023-11-04"
    assert "meta 2026-05-11 ≠ chosen 2023-11-04" in sources["disagreements"]
    assert sources["rule"]


def test_a_meta_years_after_the_url_with_no_label_is_undecided() -> None:
    html = article('<meta name="PubDate" content="2026-05-11 09:00">')
    info = read_page(html, url="https://www.x.gov.cn/zwgk/202001/t20200105_1.htm")
    assert info.publish_date is None
    data = info.to_json()
    assert "over a year after the URL date" in data["undecided"]["publish_date"]
    assert data["date_sources"]["url"] == "2020-01-05"


def test_index_number_year_is_shown_and_a_disagreement_reported() -> None:
    # A real gov.cn page: a 2004 letter republished on 2018-12-24.
    info = read_page(
        (REAL / "govcn_24.html").read_bytes(),
        url="http://www.gov.cn/zhengce/content/2018-12/24/content_5351624.htm",
    )
    sources = info.to_json()["date_sources"]
    assert info.publish_date == dt.date(2018, 12, 24)
    assert sources["index_number_year"] == 2004
    assert sources["written"] == "2004-04-17"
    assert "索引号 year 2004 ≠ chosen year 2018" in sources["disagreements"]


def test_index_number_year_forms() -> None:
    assert index_number_year("000014349/2004-00206") == 2004
    assert index_number_year("PZ00101-1700-2023-00040") == 2023
    assert index_number_year("11330800MB0R57773W/2021-130444") == 2021
    assert index_number_year(None) is None


def test_no_date_at_all_says_why() -> None:
    chosen = choose(meta=None, label=None, body=None, url=None, index_year=None, written=None)
    assert chosen.date is None and chosen.undecided and "no date on the page" in chosen.undecided
