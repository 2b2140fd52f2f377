"""Accuracy gate for the page reader on real government pages (tests/data/reference_pages).

Each fact the reference README notes is one check; checks are grouped by field and each
field's accuracy over the corpus must reach its floor in ``floors.json``. Floors only go up:
raise one when the reader gets better, never lower it to make a change pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pages.reader import PageInfo, read_page

FOLDER = Path(__file__).parent / "data" / "reference_pages"
FLOORS: dict[str, float] = json.loads((FOLDER / "floors.json").read_text(encoding="utf-8"))

# Where each page was published, when known (from the README or the page's own Url meta).
URLS = {
    "a_zwgk_index_pingtan.html": "https://www.pingtan.gov.cn/zwgk/",
    "b_guide_pingtan.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzn/202311/t20231104_51587.htm",
    "c_annual_report_pingtan_2024.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm",
    "e_policy_doc_pingtan_2017_lzgz7.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/201701/t20170109_79739.htm",
}


@cache
def inspect(name: str) -> dict[str, Any]:
    return read_page((FOLDER / name).read_bytes(), url=URLS.get(name)).to_json()


@cache
def info(name: str) -> PageInfo:
    return read_page((FOLDER / name).read_bytes(), url=URLS.get(name))


def group(name: str, group_name: str) -> dict[str, Any]:
    return next(
        (g for g in inspect(name)["item_groups"] if g["name"] == group_name), {"count": 0, "items": []}
    )


@dataclass(frozen=True)
class Fact:
    page: str
    field: str
    what: str
    holds: Callable[[], bool]


A, B, C, L, E, J = (
    "a_zwgk_index_pingtan.html",
    "b_guide_pingtan.html",
    "c_annual_report_pingtan_2024.html",
    "c_annual_report_list_jspager_pingtan.html",
    "e_policy_doc_pingtan_2017_lzgz7.html",
    "e_list_jsonly_xzgfxwj_pingtan.html",
)
GUIDE_TITLE = "平潭综合实验区政府信息公开指南"
POLICY_TITLE = "平潭综合实验区管委会关于优化调整建设工程防雷许可工作的通知"
SECTIONS = {
    "guide": "./zfxxgk/zfxxgkzn/",
    "rules": "./zfxxgk/zfxxgkzd/",
    "statutory": "./zfxxgk/fdzdgknr/",
    "annual_report": "./zfxxgk/zfxxgknb/",
    "request": "./zfxxgk/zfxxgksq/",
}

FACTS: list[Fact] = [
    # a — the disclosure landing page
    Fact(A, "kind", "column", lambda: inspect(A)["kind"] == "column"),
    Fact(A, "meta", "SiteIDCode 3590000001", lambda: inspect(A)["meta"].get("SiteIDCode") == "3590000001"),
    Fact(A, "meta", "ColumnName 政务公开", lambda: inspect(A)["meta"].get("ColumnName") == "政务公开"),
    Fact(A, "site_id_code", "3590000001", lambda: inspect(A)["site_id_code"] == "3590000001"),
    *[
        Fact(
            A,
            "sections",
            f"{role} → {href}",
            lambda r=role, h=href: (inspect(A)["sections"].get(r) or {}).get("href") == h,
        )
        for role, href in SECTIONS.items()
    ],
    Fact(
        A,
        "sections",
        "管委会文件 → ./zfxxgk/gwhwj/ among the links",
        lambda: "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/" in [i["url"] for i in _all_links(A)],
    ),
    Fact(A, "sections", "no separate 目录 link", lambda: "catalogue" not in inspect(A)["sections"]),
    Fact(A, "items", "最新文件 7 items", lambda: group(A, "最新文件")["count"] == 7),
    Fact(A, "items", "公示公告 6 items", lambda: group(A, "公示公告")["count"] == 6),
    Fact(
        A, "items", "公示公告 newest 2026-09-10", lambda: group(A, "公示公告").get("newest") == "2026-09-10"
    ),
    Fact(A, "items", "人事任免 6 items", lambda: group(A, "人事任免")["count"] == 6),
    Fact(A, "items", "统计信息 6 items", lambda: group(A, "统计信息")["count"] == 6),
    Fact(
        A,
        "items",
        "统计信息 links to PDF and DOC files",
        lambda: {i["url"].rsplit(".", 1)[-1] for i in group(A, "统计信息")["items"]} == {"pdf", "doc"},
    ),
    Fact(A, "publish_date", "none for a column", lambda: inspect(A)["publish_date"] is None),
    # b — the guide
    Fact(B, "kind", "guide", lambda: inspect(B)["kind"] == "guide"),
    Fact(B, "title", GUIDE_TITLE, lambda: inspect(B)["title"] == GUIDE_TITLE),
    Fact(B, "publish_date", "2024-03-23", lambda: inspect(B)["publish_date"] == "2024-03-23"),
    Fact(B, "publish_date", "from the PubDate meta", lambda: inspect(B)["publish_date_source"] == "meta"),
    Fact(B, "publish_date", "URL date 2023-11-04 is not it", lambda: inspect(B)["url_date"] == "2023-11-04"),
    Fact(B, "doc_number", "none (109号 is cited)", lambda: inspect(B)["doc_number"] is None),
    Fact(
        B, "index_number", "none (the body only explains 索引号)", lambda: inspect(B)["index_number"] is None
    ),
    Fact(
        B,
        "text",
        "国办函〔2020〕109号 read across spans",
        lambda: "国办函〔2020〕109号" in inspect(B)["cited_doc_numbers"],
    ),
    Fact(B, "text", "office 管委会办公室", lambda: "管委会办公室" in info(B).body_text),
    Fact(B, "text", "phone 0591-23165385", lambda: "0591-23165385" in info(B).body_text),
    Fact(B, "text", "postcode", lambda: "邮政编码：350400" in info(B).body_text),
    Fact(B, "text", "e-mail with a full-width ＠", lambda: "pzxxgkb＠163.com" in info(B).body_text),
    Fact(B, "text", "20 working days", lambda: "20个工作日" in info(B).body_text),
    Fact(
        B,
        "text",
        "channels 在线/书面/口头",
        lambda: all(w in info(B).body_text for w in ("在线", "书面", "口头")),
    ),
    Fact(B, "meta", "ContentSource", lambda: inspect(B)["source"] == "平潭综合实验区管委会办公室"),
    # c — the annual report
    Fact(C, "kind", "annual_report", lambda: inspect(C)["kind"] == "annual_report"),
    Fact(C, "publish_date", "2025-03-10", lambda: inspect(C)["publish_date"] == "2025-03-10"),
    Fact(C, "report_year", "2024", lambda: inspect(C)["report_year"] == 2024),
    Fact(
        C,
        "text",
        "cites the 2021 format 国办公开办函〔2021〕30号",
        lambda: "国办公开办函〔2021〕30号" in inspect(C)["cited_doc_numbers"],
    ),
    Fact(C, "doc_number", "none", lambda: inspect(C)["doc_number"] is None),
    # c — the list of annual reports (TRS JavaScript pager)
    Fact(L, "kind", "list", lambda: inspect(L)["kind"] == "list"),
    Fact(L, "items", "10 static items", lambda: len(inspect(L)["items"]) == 10),
    Fact(
        L,
        "items",
        "one report a year, 2025 back to 2016",
        lambda: (
            [re.search(r"(\d{4})年度", i["title"]).group(1) for i in inspect(L)["items"]]  # type: ignore[union-attr]
            == [str(y) for y in range(2025, 2015, -1)]
        ),
    ),
    Fact(L, "items", "newest item 2026-03-10", lambda: inspect(L)["newest_item_date"] == "2026-03-10"),
    Fact(
        L,
        "items",
        "the 2024 report dated 2025-03-10",
        lambda: any("2024年度" in i["title"] and i["date"] == "2025-03-10" for i in inspect(L)["items"]),
    ),
    Fact(
        L,
        "items_complete",
        "incomplete (page 2 only via the JS API)",
        lambda: inspect(L)["items_complete"] is False,
    ),
    Fact(
        L, "items_complete", "note names 20 records", lambda: "20 records" in (inspect(L)["items_note"] or "")
    ),
    Fact(
        L,
        "pagination",
        "20 records, 10 a page",
        lambda: inspect(L)["pagination"] == {"total_records": 20, "pages": 2, "per_page": 10},
    ),
    Fact(L, "publish_date", "none for a list", lambda: inspect(L)["publish_date"] is None),
    # e — the policy document
    Fact(E, "kind", "article", lambda: inspect(E)["kind"] == "article"),
    Fact(E, "title", POLICY_TITLE, lambda: inspect(E)["title"] == POLICY_TITLE),
    Fact(E, "doc_number", "岚综管综〔2017〕7号", lambda: inspect(E)["doc_number"] == "岚综管综〔2017〕7号"),
    Fact(E, "doc_number", "standard form", lambda: inspect(E)["doc_number_standard"] is True),
    Fact(
        E,
        "index_number",
        "PZ00101-1700-2023-00040",
        lambda: inspect(E)["index_number"] == "PZ00101-1700-2023-00040",
    ),
    Fact(E, "publish_date", "2017-01-09", lambda: inspect(E)["publish_date"] == "2017-01-09"),
    Fact(E, "written_date", "成文日期 2017-01-09", lambda: inspect(E)["written_date"] == "2017-01-09"),
    Fact(
        E,
        "text",
        "cited 国发〔2016〕39号 read across spans",
        lambda: "国发〔2016〕39号" in inspect(E)["cited_doc_numbers"],
    ),
    Fact(E, "text", "the PDF named in plain text", lambda: "（附件）.pdf" in info(E).body_text),
    Fact(
        E,
        "meta",
        "ContentSource",
        lambda: inspect(E)["meta"].get("ContentSource") == "平潭综合实验区行政审批局",
    ),
    # e — the list written only by JavaScript
    Fact(J, "kind", "list", lambda: inspect(J)["kind"] == "list"),
    Fact(J, "items", "0 static items", lambda: inspect(J)["items"] == []),
    Fact(J, "items_complete", "incomplete, never 'empty'", lambda: inspect(J)["items_complete"] is False),
    Fact(
        J,
        "items_complete",
        "note: rendered list needed",
        lambda: "rendered list needed" in (inspect(J)["items_note"] or ""),
    ),
    Fact(J, "title", "行政规范性文件", lambda: inspect(J)["title"] == "行政规范性文件"),
]


def _all_links(name: str) -> list[dict[str, str]]:
    from selectolax.lexbor import LexborHTMLParser

    from pages.urls import join

    tree = LexborHTMLParser((FOLDER / name).read_text(encoding="utf-8"))
    base = URLS[name]
    return [{"url": join(base, a.attributes.get("href") or "") or ""} for a in tree.css("a[href]")]


def _safe(fact: Fact) -> bool:
    try:
        return bool(fact.holds())
    except Exception:
        return False


def accuracy() -> dict[str, tuple[float, list[str]]]:
    by_field: dict[str, list[Fact]] = {}
    for fact in FACTS:
        by_field.setdefault(fact.field, []).append(fact)
    result = {}
    for name, facts in by_field.items():
        failed = [f"{f.page}: {f.what}" for f in facts if not _safe(f)]
        result[name] = ((len(facts) - len(failed)) / len(facts), failed)
    return result


def test_every_field_has_a_floor() -> None:
    assert {fact.field for fact in FACTS} == set(FLOORS)


@pytest.mark.parametrize("field", sorted({fact.field for fact in FACTS}))
def test_field_accuracy_reaches_floor(field: str) -> None:
    score, failed = accuracy()[field]
    assert score >= FLOORS[field], f"{field}: {score:.2f} < floor {FLOORS[field]}; failed: {failed}"


def test_floors_only_go_up_to_what_is_reached() -> None:
    """A floor above 1.0 or below 0 is a typo; a floor far below the reached score wastes the gate."""
    scores = accuracy()
    for field, floor in FLOORS.items():
        assert 0.0 <= floor <= 1.0
        assert scores[field][0] - floor < 0.2, f"raise the floor of {field} to {scores[field][0]:.2f}"


def test_contract_keys_on_every_reference_page() -> None:
    contract = {
        "kind",
        "title",
        "publish_date",
        "doc_number",
        "index_number",
        "encoding",
        "meta",
        "items",
        "interpretation_form",
    }
    for name in (A, B, C, L, E, J):
        data = inspect(name)
        assert contract <= set(data)
        assert data["encoding"] == "utf-8"
        json.dumps(data, ensure_ascii=False)  # serialisable as is
