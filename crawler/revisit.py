"""The revisit policy: what earlier nights stored of a unit's pages, and which of them tonight
need not be requested (``config.settings.RevisitSettings`` says why and how long).

A page that is not requested is *carried*: stored tonight as a fetch row with outcome
``"carried"``, no status and no response, pointing at the earlier body (its content hash, its
validators for the next conditional request, its render) and with the earlier fetch's time,
so nothing claims a request that was not made.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import RevisitSettings
from crawler.fetcher import FetchResult
from pages.kinds import is_article_url
from pages.urls import canonicalize
from storage.models import AuditRun, Fetch, FindingRow

BODY_OUTCOMES = ("ok", "not_modified", "carried")


@dataclass(frozen=True)
class Seen:
    """A URL as earlier nights stored it: its latest fetch row with a body."""

    fetch_id: int
    url: str
    final_url: str
    status: int | None
    content_type: str | None
    content_hash: str
    encoding: str | None
    etag: str | None
    last_modified: str | None
    started_at: dt.datetime
    rendered_hash: str | None
    render_report: dict[str, Any] | None
    screenshot: str | None
    requested_on: dt.date  # the last night it was requested (answered 200 or 304), not carried
    unchanged_since: dt.date  # the body is the same since then (server's word or ours)

    @property
    def validators(self) -> dict[str, str | None] | None:
        if not (self.etag or self.last_modified):
            return None
        return {"etag": self.etag, "last_modified": self.last_modified}


def load_history(
    session: Session, unit_id: str, run_id: int, night: dt.date, settings: RevisitSettings
) -> dict[str, Seen]:
    """Every URL of the unit crawled on an earlier run of the last ``history_days`` nights (up
    to tonight), by canonical URL."""
    rows = session.execute(
        select(Fetch, AuditRun.as_of)
        .join(AuditRun, AuditRun.id == Fetch.run_id)
        .where(
            Fetch.unit_id == unit_id,
            Fetch.run_id != run_id,
            Fetch.purpose == "crawl",
            Fetch.outcome.in_(BODY_OUTCOMES),
            Fetch.content_hash.is_not(None),
            AuditRun.as_of <= night,
            AuditRun.as_of >= night - dt.timedelta(days=settings.history_days),
        )
        .order_by(AuditRun.as_of, Fetch.id)
    )
    seen: dict[str, Seen] = {}
    since: dict[str, dt.date] = {}
    requested: dict[str, dt.date] = {}
    for fetch, as_of in rows:
        key = canonicalize(fetch.url)
        before = seen.get(key)
        if before is None or before.content_hash != fetch.content_hash:
            since[key] = as_of
        if fetch.outcome != "carried":
            requested[key] = as_of
        seen[key] = _seen(fetch, requested.get(key, as_of), since[key])
    return seen


def _seen(fetch: Fetch, requested_on: dt.date, first_seen: dt.date) -> Seen:
    modified = _http_date(fetch.last_modified)
    return Seen(
        fetch_id=fetch.id,
        url=fetch.url,
        final_url=fetch.final_url or fetch.url,
        status=fetch.status,
        content_type=fetch.content_type,
        content_hash=fetch.content_hash or "",
        encoding=fetch.encoding,
        etag=fetch.etag,
        last_modified=fetch.last_modified,
        started_at=fetch.started_at,
        rendered_hash=fetch.rendered_hash,
        render_report=fetch.render_report,
        screenshot=fetch.screenshot,
        requested_on=requested_on,
        unchanged_since=min(first_seen, modified) if modified else first_seen,
    )


def _http_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def finding_pages(session: Session, unit_id: str, run_id: int, night: dt.date) -> set[str]:
    """The pages the unit's findings of the latest earlier audit night rest on (their URL and
    every evidence URL), canonical: revalidated every night, so a fix is seen the next night."""
    previous = session.scalars(
        select(FindingRow.run_id)
        .join(AuditRun, AuditRun.id == FindingRow.run_id)
        .where(FindingRow.unit_id == unit_id, FindingRow.run_id != run_id, AuditRun.as_of <= night)
        .order_by(AuditRun.as_of.desc(), FindingRow.run_id.desc())
        .limit(1)
    ).first()
    if previous is None:
        return set()
    urls: set[str] = set()
    for url, evidence in session.execute(
        select(FindingRow.url, FindingRow.evidence).where(
            FindingRow.run_id == previous, FindingRow.unit_id == unit_id
        )
    ):
        urls.update(_urls(url, evidence or []))
    return {canonicalize(u) for u in urls}


def _urls(url: str | None, evidence: Iterable[Any]) -> Iterable[str]:
    if url:
        yield url
    for item in evidence:
        if isinstance(item, dict):
            for key in ("url", "on", "page"):
                value = item.get(key)
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    yield value


class RevisitPolicy:
    def __init__(self, settings: RevisitSettings, night: dt.date, nightly: set[str]) -> None:
        self.settings, self.night, self.nightly = settings, night, nightly

    def wait_nights(self, seen: Seen) -> int:
        unchanged = (self.night - seen.unchanged_since).days
        return min(self.settings.max_wait_nights, max(0, unchanged) // self.settings.unchanged_days_per_night)

    def carry_reason(self, canonical: str, url: str, seen: Seen | None) -> str | None:
        """Why ``url`` is not requested tonight, or ``None``: request it."""
        if not self.settings.enabled or seen is None or canonical in self.nightly or not is_article_url(url):
            return None
        wait = self.wait_nights(seen)
        since = (self.night - seen.requested_on).days
        if wait < 1 or since >= wait:
            return None
        return (
            f"carried: unchanged since {seen.unchanged_since}, last requested {seen.requested_on}, "
            f"revisited every {wait} nights"
        )


def carried_result(seen: Seen, url: str, reason: str) -> FetchResult:
    """The fetch row of a page not requested tonight: no status, no response, the earlier
    fetch's time and body (``FetchMeta.previous_hash``)."""
    return FetchResult(
        url=url,
        final_url=seen.final_url,
        outcome="carried",
        reason=reason,
        status=None,
        content_type=seen.content_type,
        encoding=seen.encoding,
        started_at=seen.started_at,
    )
