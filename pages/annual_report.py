"""Reading a 政府信息公开工作年度报告: its year, format, sections, tables and what does not add up.

``read_annual_report(body, content_type=..., url=...)`` takes an HTML page, a PDF or a DOCX (a
legacy .doc gives an honest "undecided") and returns an ``AnnualReport``; ``to_json()`` is what
``zwgk annual-report check --json`` prints. Formats (rules.md §2): "2019" (reports on 2019 and
2020) and "2021" (国办公开办函〔2021〕30号, reports on 2021 onward).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pages.annual_report_sources import ReportSource, read_source
from pages.annual_report_tables import (
    Cell,
    Table,
    requests_from_grid,
    requests_from_text,
    review_from_grid,
    review_from_text,
)

SECTIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "总体情况", ("总体情况",)),
    (2, "主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息的情况")),
    (3, "收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请",)),
    (4, "政府信息公开行政复议、行政诉讼情况", ("行政复议、行政诉讼", "行政复议和行政诉讼", "复议、诉讼情况")),
    (5, "存在的主要问题及改进情况", ("存在的主要问题",)),
    (6, "其他需要报告的事项", ("其他需要报告的事项",)),
)
FORMAT_SIGNALS: dict[str, tuple[str, ...]] = {
    "2021": ("〔2021〕30号", "[2021]30号", "本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "政府集中采购",
    ),
}
FIRST_YEAR_OF_2021_FORMAT = 2021
_HEADING = re.compile(r"^[（(]?[一二三四五六七][）)、.．\s]")
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "O": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4"}
_CN_DIGITS |= {"五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇零○OＯ][〇零○OＯ一二三四五六七八九]{2})\s*年")
_MAX_HEADING_CHARS = 40


@dataclass
class AnnualReport:
    source: str  # html | pdf | docx | doc
    url: str | None = None
    title: str | None = None
    year: int | None = None
    year_evidence: str | None = None
    format: str | None = None  # "2019" | "2021"
    format_evidence: list[str] = field(default_factory=list)
    sections: list[int] = field(default_factory=list)
    requests: Table = field(default_factory=dict)
    review: Table = field(default_factory=dict)
    publish_date: str | None = None
    problems: list[str] = field(default_factory=list)
    undecided: str | None = None  # set when the file could not be read at all

    @property
    def cells(self) -> list[Cell]:
        return list(self.requests.values()) + list(self.review.values())

    @property
    def blank_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.blank]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "year": self.year,
            "year_evidence": self.year_evidence,
            "format": self.format,
            "format_evidence": self.format_evidence,
            "sections": self.sections,
            "blank_cells": [cell.ref() for cell in self.blank_cells],
            "tables": {
                "requests": {cell.name: cell.raw for cell in self.requests.values()},
                "review": {cell.name: cell.raw for cell in self.review.values()},
            },
            "publish_date": self.publish_date,
            "problems": self.problems,
            "undecided": self.undecided,
        }


def read_annual_report(
    body: bytes, *, content_type: str | None = None, url: str | None = None
) -> AnnualReport:
    return analyse(read_source(body, content_type, url), url=url)


def analyse(source: ReportSource, url: str | None = None) -> AnnualReport:
    report = AnnualReport(source=source.kind, url=url, publish_date=source.publish_date)
    if source.problem:
        report.undecided = source.problem
        return report
    report.title = next(iter(source.titles), None)
    report.year, report.year_evidence = report_year(source)
    report.sections = sections_present(source.text)
    requests_problems: list[str]
    review_problems: list[str]
    # Tables from a grid when the source has one; else (PDF, a DOCX or page written as lines of
    # text) from the text stream.
    requests_grid = next((g for g in source.grids if any("新收" in c for row in g for c in row)), None)
    review_grid = next((g for g in source.grids if any("尚未审结" in c for row in g for c in row)), None)
    stream = source.table_text or source.text
    if requests_grid:
        report.requests, requests_problems = requests_from_grid(requests_grid)
    else:
        report.requests, requests_problems = requests_from_text(stream)
    if review_grid:
        report.review, review_problems = review_from_grid(review_grid)
    else:
        report.review, review_problems = review_from_text(stream)
    report.problems += requests_problems + review_problems
    if not report.requests:
        report.problems.append("no table of requests (本年新收 …) found")
    if not report.review:
        report.problems.append("no table of reviews and lawsuits (行政复议 … 尚未审结) found")
    report.format, report.format_evidence = report_format(source, report)
    return report


def _year_of(text: str) -> int | None:
    """The last year written in ``text`` (the one nearest to 年度报告)."""
    matches = list(_YEAR.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    digits = "".join(_CN_DIGITS.get(ch, ch) for ch in match.group(1))
    return int(digits) if digits.isdigit() else None


def year_in_title(title: str) -> int | None:
    """The year a report title is about: "…2019年政府信息公开工作年度报告" → 2019."""
    head = title.split("报告")[0] if "报告" in title else title
    return _year_of(head)


def report_year(source: ReportSource) -> tuple[int | None, str | None]:
    """The year reported on: from a title naming the report, else from the opening lines."""
    candidates = [t for t in source.titles if "报告" in t] + source.text.split("\n")[:30]
    for text in candidates:
        if "报告" not in text:
            continue
        head = text.split("报告")[0] + "报告"
        year = _year_of(head)
        if year:
            return year, head[-60:]
    return None, None


def sections_present(text: str) -> list[int]:
    found: set[int] = set()
    for line in text.split("\n"):
        line = line.strip()
        if len(line) > _MAX_HEADING_CHARS and not _HEADING.match(line):
            continue
        for number, _, keywords in SECTIONS:
            if any(k in line[:_MAX_HEADING_CHARS] for k in keywords):
                found.add(number)
    return sorted(found)


def report_format(source: ReportSource, report: AnnualReport) -> tuple[str | None, list[str]]:
    everything = "\n".join(
        [source.text, source.table_text, *("".join(c for row in g for c in row) for g in source.grids)]
    )
    votes: dict[str, list[str]] = {
        fmt: [s for s in signals if s in everything] for fmt, signals in FORMAT_SIGNALS.items()
    }
    other_items = {row for row, _ in report.requests if row.startswith("other.")}
    if len(other_items) >= 3:
        votes["2021"].append("其他处理分三项")
    elif len(other_items) == 1:
        votes["2019"].append("其他处理一项")
    if len(votes["2021"]) != len(votes["2019"]):
        winner = max(votes, key=lambda fmt: len(votes[fmt]))
        return winner, votes[winner]
    if report.year:
        fmt = "2021" if report.year >= FIRST_YEAR_OF_2021_FORMAT else "2019"
        return fmt, [f"by year {report.year}"]
    return None, []
