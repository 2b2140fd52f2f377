"""A page's publish date chosen by evidence, with every source shown and every disagreement named.

A government page can carry up to five dates for one publication: the ``PubDate`` meta, a
visible 发布日期/发布时间 label, a date under the heading, the date in its URL and the year in
its 索引号. They disagree on real pages: a meta rewritten each time the CMS regenerates the page
(years after the visible label), a URL dated the day the draft was created, a 索引号 numbered in
the year the document was written (gov.cn republished 1996 documents in 2018).

The rule (``RULE``): the ``PubDate`` meta is the CMS's own publication time and is preferred
(rules.md §6) while it agrees with the visible label within a month; a meta further from the
label is the page's regeneration time, and the label — what a reader of the page is told —
wins. Without a label the meta wins over the URL (the URL is the creation day, rules.md §7),
unless the meta is more than a year after the URL's date: then the page may have been
regenerated, and with nothing else to decide it the date is undecided. Without either, a date
under the heading, then the URL.
The 索引号 year and 成文日期 never choose; they are shown, and a 索引号 year after the chosen date
is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pages.dates import iso

RULE = (
    "PubDate meta while within a month of the visible 发布日期 label, else the label; "
    "without a label the meta unless over a year after the URL date (then undecided); "
    "then the date under the heading; then the URL date; 索引号 year and 成文日期 are shown, never chosen"
)
LABEL_AGREES_WITHIN = dt.timedelta(days=31)  # meta and label this close: one publication
REGENERATED_AFTER = dt.timedelta(days=366)  # a meta this far after the URL's date is suspect


@dataclass(frozen=True)
class DateSources:
    meta: dt.date | None = None
    label: dt.date | None = None
    body: dt.date | None = None
    url: dt.date | None = None
    index_number_year: int | None = None
    written: dt.date | None = None
    chosen: str | None = None  # meta | field | body | url
    undecided: str | None = None  # why no date was chosen
    disagreements: tuple[str, ...] = field(default_factory=tuple)

    @property
    def date(self) -> dt.date | None:
        return {"meta": self.meta, "field": self.label, "body": self.body, "url": self.url}.get(
            self.chosen or ""
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": iso(self.meta),
            "label": iso(self.label),
            "body": iso(self.body),
            "url": iso(self.url),
            "index_number_year": self.index_number_year,
            "written": iso(self.written),
            "chosen": self.chosen,
            "rule": RULE,
            "undecided": self.undecided,
            "disagreements": list(self.disagreements),
        }


def index_number_year(index_number: str | None) -> int | None:
    """The year a 索引号 is numbered in: ``000014349/2004-00206``, ``PZ00101-1700-2023-00040``."""
    if not index_number:
        return None
    for part in index_number.replace("/", "-").split("-"):
        if len(part) == 4 and part.isdigit() and 1949 <= int(part) <= 2100:
            return int(part)
    return None


def choose(
    *,
    meta: dt.date | None,
    label: dt.date | None,
    body: dt.date | None,
    url: dt.date | None,
    index_year: int | None,
    written: dt.date | None,
) -> DateSources:
    chosen, undecided = _chosen(meta, label, body, url)
    picked = {"meta": meta, "field": label, "body": body, "url": url}.get(chosen or "")
    named = {"meta": meta, "label": label, "url": url}
    disagreements = [
        f"{name} {value.isoformat()} ≠ chosen {picked.isoformat()}"
        for name, value in named.items()
        if picked is not None and value is not None and value != picked and name != _label(chosen)
    ]
    if picked is not None and index_year is not None and index_year != picked.year:
        disagreements.append(f"索引号 year {index_year} ≠ chosen year {picked.year}")
    if undecided and meta is not None and url is not None:
        disagreements.append(f"meta {meta.isoformat()} is over a year after URL {url.isoformat()}")
    return DateSources(meta, label, body, url, index_year, written, chosen, undecided, tuple(disagreements))


def _label(chosen: str | None) -> str | None:
    return "label" if chosen == "field" else chosen


def _chosen(
    meta: dt.date | None, label: dt.date | None, body: dt.date | None, url: dt.date | None
) -> tuple[str | None, str | None]:
    if label is not None:
        if meta is not None and abs(meta - label) <= LABEL_AGREES_WITHIN:
            return "meta", None
        return "field", None
    if meta is not None:
        if url is not None and meta - url > REGENERATED_AFTER:
            return None, "PubDate meta is over a year after the URL date and no visible 发布日期 decides"
        return "meta", None
    if body is not None:
        return "body", None
    if url is not None:
        return "url", None
    return None, "no date on the page: no PubDate meta, 发布日期 label, date under the heading or URL date"
