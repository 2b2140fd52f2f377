"""Helpers the inspection checks share: reading stored pages once, building results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from checks.base import CheckResult, Finding, Severity
from pages.decoding import decode_body
from pages.urls import canonicalize
from storage.snapshot import SnapshotPage, UnitSnapshot

_TEXT_CACHE: dict[int, tuple[SnapshotPage, str]] = {}
_INFO_CACHE: dict[int, tuple[SnapshotPage, Any]] = {}
_CACHE_MAX = 4096


def html_of(page: SnapshotPage, *, rendered: bool = True) -> str:
    """The page's HTML: the rendered DOM when there is one (and wanted), else the decoded body."""
    if rendered and page.rendered_html:
        return page.rendered_html
    cached = _TEXT_CACHE.get(id(page))
    if cached is not None and cached[0] is page:
        return cached[1]
    text = decode_body(page.body, page.content_type).text if page.body else ""
    if len(_TEXT_CACHE) >= _CACHE_MAX:
        _TEXT_CACHE.clear()
    _TEXT_CACHE[id(page)] = (page, text)
    return text


def read(page: SnapshotPage) -> Any:
    """The page reader's ``PageInfo`` for a stored page (read once per page object)."""
    cached = _INFO_CACHE.get(id(page))
    if cached is not None and cached[0] is page:
        return cached[1]
    from pages.reader import read_page

    info = read_page(
        page.body or b"",
        url=page.final_url or page.url,
        content_type=page.content_type,
        rendered_html=page.rendered_html,
    )
    if len(_INFO_CACHE) >= _CACHE_MAX:
        _INFO_CACHE.clear()
    _INFO_CACHE[id(page)] = (page, info)
    return info


def readable(snapshot: UnitSnapshot) -> list[SnapshotPage]:
    """Crawled HTML pages that were fetched successfully (not link checks)."""
    return [p for p in snapshot.crawled() if p.outcome in ("ok", "not_modified") and p.is_html and p.body]


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def item_dates(info: Any, as_of: dt.date) -> list[dt.date]:
    """Dates of the listed items that are not in the future (undated items do not count)."""
    dates = []
    for item in getattr(info, "items", None) or []:
        day = as_date(getattr(item, "date", None) if not isinstance(item, dict) else item.get("date"))
        if day is not None and day <= as_of:
            dates.append(day)
    return dates


def canon(url: str) -> str:
    try:
        return canonicalize(url)
    except ValueError:
        return url


def homepage_of(snapshot: UnitSnapshot) -> SnapshotPage | None:
    page = snapshot.homepage
    if page is not None or not snapshot.unit.homepage:
        return page
    target = canon(snapshot.unit.homepage)
    return next((p for p in snapshot.pages if canon(p.url) == target or canon(p.final_url) == target), None)


def finding(
    snapshot: UnitSnapshot,
    check_id: str,
    *,
    severity: Severity,
    title: str,
    message: str,
    url: str | None,
    measured: dict[str, Any] | None = None,
    evidence: Iterable[dict[str, Any]] = (),
    key: str | None = None,
) -> Finding:
    return Finding(
        unit_id=snapshot.unit.id,
        check_id=check_id,
        severity=severity,
        title=title,
        message=message,
        url=url,
        measured=measured or {},
        evidence=list(evidence),
        key=key,
    )


def result(
    snapshot: UnitSnapshot,
    check_id: str,
    findings: list[Finding],
    *,
    display: str,
    measured: dict[str, Any] | None = None,
    undecided_reason: str | None = None,
) -> CheckResult:
    """Failed when a veto/major/minor finding stands; undecided when undecided findings (or a
    reason) remain; passed otherwise (info findings do not fail a check)."""
    failing = [f for f in findings if f.severity in ("veto", "major", "minor")]
    open_ = [f for f in findings if f.severity == "undecided"]
    if failing:
        score: float | None = 0.0
    elif undecided_reason or open_:
        score = None
        undecided_reason = undecided_reason or "; ".join(f.message for f in open_)[:500]
    else:
        score = 1.0
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=score,
        display_value=display,
        findings=findings,
        measured=measured or {},
        undecided_reason=undecided_reason,
    )


def undecided(snapshot: UnitSnapshot, check_id: str, reason: str, display: str = "无法判定") -> CheckResult:
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=None,
        display_value=display,
        undecided_reason=reason,
    )


def no_site(snapshot: UnitSnapshot, check_id: str) -> CheckResult | None:
    """An undecided result when the unit has no site or its homepage was not stored."""
    if not snapshot.unit.homepage:
        return undecided(snapshot, check_id, "unit has no site configured", "未配置网站")
    if homepage_of(snapshot) is None:
        return undecided(snapshot, check_id, "homepage not in the snapshot", "首页未抓取")
    return None
