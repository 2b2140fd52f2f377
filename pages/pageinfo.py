"""``PageInfo``: what the reader found on one page, and its JSON contract.

``to_json()`` always has the contract keys of issue 5 — ``kind``, ``title``, ``publish_date``,
``doc_number``, ``index_number``, ``encoding``, ``meta``, ``items``, ``interpretation_form`` —
followed by the extras that explain the reading. Others build on these keys: add, never rename.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pages.dates import iso
from pages.datesources import DateSources
from pages.docnumbers import DocNumber
from pages.items import Item, ItemGroup
from pages.listing import Pagination
from pages.meta import meta_value
from pages.relations import RelatedLink

CONTRACT_KEYS = (
    "kind",
    "title",
    "publish_date",
    "doc_number",
    "index_number",
    "encoding",
    "meta",
    "items",
    "interpretation_form",
)


@dataclass(frozen=True, kw_only=True)
class PageInfo:
    kind: str
    title: str | None
    publish_date: dt.date | None
    doc_number: str | None
    index_number: str | None
    encoding: str
    meta: dict[str, str]
    items: tuple[Item, ...] = ()
    interpretation_form: str | None = None
    # Extras: how the reading was made.
    url: str | None = None
    kind_reasons: tuple[str, ...] = ()
    written_date: dt.date | None = None
    publish_date_source: str | None = None  # meta | field | body | url
    url_date: dt.date | None = None
    items_complete: bool = True
    items_note: str | None = None
    pagination: Pagination | None = None
    item_groups: tuple[ItemGroup, ...] = ()
    source: str | None = None
    issuer: str | None = None
    body_text: str = ""
    links: int = 0
    interpretation_signals: tuple[str, ...] = ()
    doc_number_standard: bool | None = None
    cited_doc_numbers: tuple[DocNumber, ...] = ()
    site_id_code: str | None = None
    site_name: str | None = None
    column_name: str | None = None
    report_year: int | None = None
    sections: dict[str, dict[str, str | None]] = field(default_factory=dict)
    related: tuple[RelatedLink, ...] = ()  # 相关文件 / 相关解读 / 原文链接 links
    fields: dict[str, str] = field(default_factory=dict)  # label → value as written
    encoding_source: str | None = None
    encoding_mislabelled: bool = False
    date_sources: DateSources | None = None  # every date the page gives, and why one was chosen

    @property
    def undecided(self) -> dict[str, str]:
        """Field → why the reader left it undecided (absent fields were decided)."""
        reasons: dict[str, str] = {}
        if self.date_sources is not None and self.date_sources.chosen is None:
            reasons["publish_date"] = self.date_sources.undecided or "no date chosen"
        if not self.items_complete:
            reasons["items"] = self.items_note or "the page does not show all its items"
        if self.kind == "interpretation" and self.interpretation_form is None:
            reasons["interpretation_form"] = "no form (text, 图解, video, 问答…) recognised"
        if self.kind == "unknown":
            reasons["kind"] = "; ".join(self.kind_reasons) or "no kind recognised"
        return reasons

    @property
    def newest_item_date(self) -> dt.date | None:
        dates = [item.date for item in self.items if item.date]
        return max(dates) if dates else None

    def meta_value(self, name: str) -> str | None:
        """Case-insensitive meta lookup; None for a missing or empty tag."""
        return meta_value(self.meta, name)

    def to_json(self) -> dict[str, Any]:
        newest = self.newest_item_date
        return {
            "kind": self.kind,
            "title": self.title,
            "publish_date": iso(self.publish_date),
            "doc_number": self.doc_number,
            "index_number": self.index_number,
            "encoding": self.encoding,
            "meta": dict(self.meta),
            "items": [item.to_json() for item in self.items],
            "interpretation_form": self.interpretation_form,
            "url": self.url,
            "kind_reasons": list(self.kind_reasons),
            "written_date": iso(self.written_date),
            "publish_date_source": self.publish_date_source,
            "url_date": iso(self.url_date),
            "items_complete": self.items_complete,
            "items_note": self.items_note,
            "newest_item_date": iso(newest),
            "pagination": self.pagination.to_json() if self.pagination else None,
            "item_groups": [group.to_json() for group in self.item_groups],
            "source": self.source,
            "issuer": self.issuer,
            "text_length": len(self.body_text),
            "links": self.links,
            "interpretation_signals": list(self.interpretation_signals),
            "doc_number_standard": self.doc_number_standard,
            "cited_doc_numbers": [number.text for number in self.cited_doc_numbers],
            "site_id_code": self.site_id_code,
            "site_name": self.site_name,
            "column_name": self.column_name,
            "report_year": self.report_year,
            "sections": dict(self.sections),
            "related_links": [link.to_json() for link in self.related],
            "fields": dict(self.fields),
            "encoding_source": self.encoding_source,
            "encoding_mislabelled": self.encoding_mislabelled,
            "date_sources": self.date_sources.to_json() if self.date_sources else None,
            "undecided": self.undecided,
        }
