"""The document-list cross-check over the hand-built site of test_interpretation_analysis."""

from __future__ import annotations

import csv
from pathlib import Path

from support.interpretation_site import BASE, P, snapshot

from checks.context import CheckContext
from checks.doclist import crosscheck, read_doclist
from config.settings import Settings

HEAD = [
    "公文全称",
    "文号",
    "公开属性",
    "牵头起草部门",
    "主动公开公文链接",
    "解读文件链接",
    "是否为纯文字解读",
]


def write(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEAD, *rows])
    return path


def good_rows() -> list[list[str]]:
    return [
        [P[0][1], P[0][3], "主动公开", "办公室", P[0][0], f"{BASE}zcjd/a.html", "否"],
        [P[1][1], P[1][3], "主动公开", "办公室", P[1][0], f"{BASE}zcjd/b.html", "是"],
        [P[2][1], P[2][3], "主动公开", "办公室", P[2][0], f"{BASE}zcjd/c.html", "是"],
        [P[3][1], P[3][3], "主动公开", "办公室", P[3][0], "不作解读：内部工作安排", ""],
        [P[4][1], P[4][3], "主动公开", "办公室", P[4][0], "", ""],
        ["某县人民政府关于内部事项的通知", "某政发〔2020〕6号", "依申请公开", "办公室", "", "", ""],
    ]


def ids(tmp_path: Path, rows: list[list[str]]) -> list[tuple[str, str | None]]:
    result = crosscheck(read_doclist(write(tmp_path, rows)), CheckContext(snapshot(), Settings()))
    return sorted((f.check_id, f.url) for f in result.findings)


def test_a_true_list_has_no_findings(tmp_path: Path) -> None:
    result = crosscheck(read_doclist(write(tmp_path, good_rows())), CheckContext(snapshot(), Settings()))
    assert result.findings == []
    assert result.measured["rows"] == 6 and result.measured["restricted_share"] == round(1 / 6, 4)


def test_false_text_claim(tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][6] = "是"  # the graphic claimed as pure text
    assert ids(tmp_path, rows) == [("doclist.false_text_claim", f"{BASE}zcjd/a.html")]


def test_broken_and_wrong_links(tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][4] = f"{BASE}zcwj/404.html"  # not stored: does not open
    rows[2][4] = P[0][0]  # opens another document
    rows[0][5] = f"{BASE}zcjd/c.html"  # an interpretation of another document
    assert ids(tmp_path, rows) == [
        ("doclist.link_broken", f"{BASE}zcjd/c.html"),
        ("doclist.link_broken", P[0][0]),
        ("doclist.link_broken", f"{BASE}zcwj/404.html"),
    ]


def test_missing_from_list_and_from_site(tmp_path: Path) -> None:
    rows = good_rows()
    del rows[4]
    rows.append(["某县人民政府关于未公开事项的通知", "某政发〔2020〕7号", "主动公开", "办公室", "", "", ""])
    found = ids(tmp_path, rows)
    assert ("doclist.missing_from_list", P[4][0]) in found
    assert ("doclist.missing_from_site", None) in found


def test_docnumber_gap(tmp_path: Path) -> None:
    rows = good_rows()
    rows[5][1] = "某政发〔2020〕9号"
    result = crosscheck(read_doclist(write(tmp_path, rows)), CheckContext(snapshot(), Settings()))
    gaps = [f for f in result.findings if f.check_id == "doclist.docnumber_gap"]
    assert len(gaps) == 1
    assert gaps[0].measured == {"issuer": "某政发", "year": 2020, "missing": [6, 7, 8]}


def test_attribute_overuse(tmp_path: Path) -> None:
    rows = good_rows()
    rows += [
        [f"某县内部事项{n}", f"某政发〔2020〕{n}号", "不予公开", "办公室", "", "", ""] for n in (7, 8, 9)
    ]
    result = crosscheck(read_doclist(write(tmp_path, rows)), CheckContext(snapshot(), Settings()))
    overuse = [f for f in result.findings if f.check_id == "doclist.attribute_overuse"]
    assert len(overuse) == 1 and overuse[0].measured["share"] == round(4 / 9, 4)
