"""The page reader: what a government page is and what it says — ``zwgk page inspect``.

``read_page`` parses once (Lexbor) and returns a ``PageInfo``. Its ``to_json()`` is a contract
(docs/checks.md, issue 5): the keys ``kind``, ``title``, ``publish_date``, ``doc_number``,
``index_number``, ``encoding``, ``meta``, ``items``, ``interpretation_form`` always exist;
the rest explain the reading (where the date came from, why a list is incomplete…).

Dates are chosen by evidence (``pages.datesources``, issue 18): a visible 发布日期 label, then the
``PubDate`` meta, then the body, then the URL, every source shown in ``date_sources``;
成文日期 is reported as ``written_date`` and never used as the publish date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser

from pages.content import CMS_BODY_MARKERS, content_node, hanweb_fragment
from pages.dates import find_dates, parse_date, url_date
from pages.datesources import DateSources, choose, index_number_year
from pages.decoding import decode_body
from pages.docnumbers import DocNumber, find_doc_numbers, parse_doc_number
from pages.fields import read_fields
from pages.forms import classify_form
from pages.items import dated_groups, items_from_fragment
from pages.kinds import KindEvidence, classify_kind, interpretation_markers
from pages.listing import pager_links, read_list_signals
from pages.listitems import LIST_KINDS, page_items, undated_rows_incomplete
from pages.meta import document_title, meta_value, page_heading, read_meta, title_segments
from pages.monthday import date_month_day_rows
from pages.pageinfo import CONTRACT_KEYS, PageInfo
from pages.relations import related_links
from pages.sections import disclosure_sections
from pages.text import html_lines, marked_lines, without_block

__all__ = ["ARTICLE_KINDS", "CONTRACT_KEYS", "LIST_KINDS", "PageInfo", "read_page"]

ARTICLE_KINDS = frozenset({"article", "guide", "annual_report", "interpretation"})
_UNDATED_KINDS = frozenset({"homepage", "column", "list", "catalogue"})
_PUBDATE_META = ("PubDate", "publishdate", "firstpublishedtime", "article:published_time", "publish_time")
_SITE_ID_TEXT = re.compile(r"网站标识码\s*[:：]?\s*([A-Za-z]{0,2}\d{8,10})")
_EMPTY_VALUES = frozenset({"无", "-", "--", "—", "/", "暂无", "null", "none"})
_INDEX_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/_.]{5,}$")
_WRITTEN_LABELS = ("成文", "生成日期", "印发日期", "签发", "发文日期")
_HEAD_FIELDS = ("publish_date", "written_date", "doc_number", "index_number")
_REPORT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_CATALOGUE_HEADER = re.compile(r"索\s*引\s*号")
_CLASSIFICATION_HEADER = re.compile(r"分\s*类|主\s*题")


def _lines(tree: LexborHTMLParser, html: str) -> tuple[list[str], list[str], str | None]:
    """(lines of the whole page, lines of the article body, how the body was found) — one walk."""
    fragment = hanweb_fragment(html)
    node, found_by = (None, "hanweb-markers") if fragment is not None else content_node(tree)
    page_lines, body_range = marked_lines(tree.body, node)
    if fragment is not None:
        return page_lines, html_lines(fragment), found_by
    body_lines = page_lines[body_range[0] : body_range[1]] if body_range else []
    return page_lines, body_lines, found_by


def _fields(page_lines: list[str], body_lines: list[str]) -> dict[str, tuple[str, str]]:
    """Fields around the body; from the body only its head, and only the document's own ids."""
    before, after = without_block(page_lines, body_lines)
    fields = read_fields(before + after)
    for key, found in read_fields(body_lines[:10]).items():
        if key in _HEAD_FIELDS and key not in fields:
            fields[key] = found
    return fields


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return None if not text or text.lower() in _EMPTY_VALUES else text


def read_page(
    body: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    rendered_html: str | None = None,
    crawled_on: dt.date | None = None,
) -> PageInfo:
    """Read one page. ``url`` resolves links and gives URL hints; ``rendered_html`` is the DOM
    after JavaScript, used for list items when the static HTML has none; ``crawled_on`` (the day
    the page was fetched) gives ``MM-DD`` list rows their year when no row of theirs does."""
    if isinstance(body, bytes):
        decoded = decode_body(body, content_type)
        html, encoding, encoding_source, mislabelled = (
            decoded.text,
            decoded.encoding,
            decoded.source,
            decoded.mislabelled,
        )
    else:
        html, encoding, encoding_source, mislabelled = body, "utf-8", "text", False
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)
    page_lines, body_lines, body_found_by = _lines(tree, html)
    fields = _fields(page_lines, body_lines)

    site_name = meta_value(meta, "SiteName")
    column_name = meta_value(meta, "ColumnName")
    article_title_meta = meta_value(meta, "ArticleTitle")
    pubdate_meta = next((v for v in (meta_value(meta, n) for n in _PUBDATE_META) if v), None)
    title = _title(tree, article_title_meta, site_name) or _value(
        fields["title"][1] if "title" in fields else None
    )

    signals = read_list_signals(tree, html, page_lines)
    groups = date_month_day_rows(dated_groups(tree.body, url), crawled_on)
    groups_sorted = sorted(groups, key=lambda g: -len(g.items))
    hanweb_items = items_from_fragment("".join(signals.hanweb_records), url) if signals.hanweb_records else []
    anchors = [
        a
        for a in tree.css("a[href]")
        if not (a.attributes.get("href") or "").lower().startswith("javascript:")
    ]
    has_article_meta = bool(article_title_meta or pubdate_meta)
    sections = {} if has_article_meta else disclosure_sections(tree.body, url)
    evidence = KindEvidence(
        url=url,
        title=title,
        column_name=column_name,
        site_name=site_name,
        has_article_meta=has_article_meta,
        body_chars=sum(len(line) for line in body_lines),
        cms_body=body_found_by in CMS_BODY_MARKERS,
        has_date_field="publish_date" in fields or "time" in fields,
        group_sizes=[len(g.items) for g in groups_sorted],
        largest_group_name=groups_sorted[0].name if groups_sorted else None,
        js_list_reasons=signals.js_list_reasons,
        pager=signals.pagination is not None,
        empty_list_containers=signals.empty_list_containers,
        blank_marker=signals.blank_marker,
        hanweb_items=len(hanweb_items),
        links=len(anchors),
        section_links=len(sections),
        catalogue_headers=_has_catalogue_headers(tree),
    )
    kind, reasons = classify_kind(evidence)
    is_article = kind in ARTICLE_KINDS

    written = parse_date(fields["written_date"][1]) if "written_date" in fields else None
    index_number = _index_number(fields)
    dates = None
    if kind not in _UNDATED_KINDS:  # a list's or column's date is its items' dates, not the page's
        dates = _date_sources(pubdate_meta, fields, page_lines, title, url, is_article, index_number, written)
    doc_number = _doc_number(fields, page_lines, body_lines, is_article)
    body_text = "\n".join(body_lines) if body_lines else ("\n".join(page_lines) if is_article else "")
    cited = tuple(n for n in find_doc_numbers(body_text) if doc_number is None or n.key != doc_number.key)

    rendered_groups, rendered_pager = None, None
    if rendered_html is not None:
        rendered_tree = LexborHTMLParser(rendered_html)
        rendered_groups = date_month_day_rows(dated_groups(rendered_tree.body, url), crawled_on)
        rendered_pager = pager_links(rendered_tree)
    if rendered_pager is not None and signals.pagination is None:
        signals = replace(signals, pagination=rendered_pager)  # a pager only the browser drew
    listing = undated_rows_incomplete(page_items(kind, groups, hanweb_items, signals, rendered_groups))
    related = tuple(related_links(tree.body, url)) if kind not in _UNDATED_KINDS else ()
    form = None
    interpretation_signals: list[str] = interpretation_markers(title, column_name)
    interpretation_signals.extend(f"link:{r.label}" for r in related if r.relation == "policy")
    if kind == "interpretation":
        result = classify_form(html, title, url)  # forms.py finds the body itself
        form = result.form
        interpretation_signals.extend(result.signals)

    return PageInfo(
        kind=kind,
        title=title,
        publish_date=dates.date if dates else None,
        doc_number=doc_number.text if doc_number else None,
        index_number=index_number,
        encoding=encoding,
        meta=meta,
        items=tuple(listing.items),
        interpretation_form=form,
        url=url,
        kind_reasons=tuple(reasons),
        written_date=written,
        publish_date_source=dates.chosen if dates else None,
        date_sources=dates,
        url_date=url_date(url),
        items_complete=listing.complete,
        items_note=listing.note,
        pagination=signals.pagination,
        item_groups=tuple(listing.groups),
        source=meta_value(meta, "ContentSource")
        or _value(fields["source"][1] if "source" in fields else None),
        issuer=_value(fields["issuer"][1]) if "issuer" in fields else None,
        body_text=body_text,
        links=len(anchors),
        interpretation_signals=tuple(interpretation_signals),
        doc_number_standard=doc_number.standard if doc_number else None,
        cited_doc_numbers=cited,
        site_id_code=meta_value(meta, "SiteIDCode") or _site_id_from_text(page_lines),
        site_name=site_name,
        column_name=column_name,
        report_year=_report_year(title) if kind == "annual_report" else None,
        sections=sections if kind in ("homepage", "column") else {},
        related=related,
        fields={label: value for label, value in fields.values()},
        encoding_source=encoding_source,
        encoding_mislabelled=mislabelled,
    )


def _title(tree: LexborHTMLParser, article_title: str | None, site_name: str | None) -> str | None:
    """ArticleTitle meta, else the first ``<title>`` segment that is not the site's name — or
    the page heading when it is the fuller form of that segment (titles are often cut)."""
    if article_title:
        return article_title
    segments = title_segments(document_title(tree))
    first = next((segment for segment in segments if segment != site_name), None)
    heading = page_heading(tree, segments)
    if first and heading and len(heading) > len(first) and heading.startswith(first.rstrip(".…。 ")):
        return heading
    return first or heading or (segments[0] if segments else None)


def _date_sources(
    pubdate_meta: str | None,
    fields: dict[str, tuple[str, str]],
    page_lines: list[str],
    title: str | None,
    url: str | None,
    is_article: bool,
    index_number: str | None,
    written: dt.date | None,
) -> DateSources:
    """Every date the page gives for its publication, and the one ``pages.datesources`` picks."""
    label = parse_date(fields["publish_date"][1]) if "publish_date" in fields else None
    body = None
    if is_article:  # a date under the heading dates an article, never a list or column
        body = parse_date(fields["time"][1]) if "time" in fields else None
        body = body or _date_near_title(page_lines, title)
    return choose(
        meta=parse_date(pubdate_meta),
        label=label,
        body=body,
        url=url_date(url) if is_article else None,
        index_year=index_number_year(index_number),
        written=written,
    )


def _date_near_title(lines: list[str], title: str | None, window: int = 8) -> dt.date | None:
    """The first date in the few lines under the article heading, skipping 成文日期 lines."""
    if not title:
        return None
    start = next(
        (i for i, line in enumerate(lines) if line == title or (len(title) > 8 and title in line)), None
    )
    if start is None:
        return None
    previous = lines[start]
    for line in lines[start + 1 : start + 1 + window]:
        # A written-date label on the line, or alone on the line before (a table cell).
        if any(label in line or label in previous for label in _WRITTEN_LABELS):
            previous = line
            continue
        previous = line
        dates = find_dates(line)
        if dates and len(line) < 120:
            return dates[0]
    return None


def _doc_number(
    fields: dict[str, tuple[str, str]], page_lines: list[str], body_lines: list[str], is_article: bool
) -> DocNumber | None:
    if "doc_number" in fields:
        number = parse_doc_number(fields["doc_number"][1])
        if number:
            return number
    if not is_article:
        return None
    # A line that is nothing but a 文号: printed under the title or at the head of the body.
    for line in [*body_lines[:6], *page_lines]:
        if len(line) <= 30 and "号" in line:
            number = parse_doc_number(line)
            if number and len(number.text) >= len(line.replace(" ", "")) - 1:
                return number
    return None


def _index_number(fields: dict[str, tuple[str, str]]) -> str | None:
    value = _value(fields["index_number"][1]) if "index_number" in fields else None
    token = value.split()[0] if value else None
    return token if token and _INDEX_NUMBER.match(token) else None


def _site_id_from_text(lines: list[str]) -> str | None:
    for line in reversed(lines):
        if "标识码" in line:
            match = _SITE_ID_TEXT.search(line)
            if match:
                return match.group(1)
    return None


def _report_year(title: str | None) -> int | None:
    match = _REPORT_YEAR.search(title or "")
    return int(match.group(1)) if match else None


def _has_catalogue_headers(tree: LexborHTMLParser) -> bool:
    for header in tree.css("th, dt, thead td"):
        text = header.text()
        if _CATALOGUE_HEADER.search(text):
            row = header.parent
            return bool(row is not None and _CLASSIFICATION_HEADER.search(row.text()))
    return False
