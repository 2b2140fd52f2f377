"""HTTP validators as each CMS family's servers send them, and conditional requests (RFC 9110 §13).

- TRS WCM publishes static files served by nginx: ``ETag`` (strong) and ``Last-Modified``.
- Hanweb JCMS static pages behind Apache with ``FileETag None`` (the usual answer to scanners
  that flag inode ETags): ``Last-Modified`` only.
- modern: pages rendered by the application framework, which hashes the body into a weak
  ``ETag`` (Spring's ShallowEtagHeaderFilter): ``ETag`` only, no ``Last-Modified``.
- Dynamic endpoints of every family (Hanweb ``dataproxy.jsp``, the modern JSON API, search,
  calendars, data queries, login pages) send neither, so they are always answered in full.

``Last-Modified`` is when the body last changed: the first night, going back over the
nights on which the unit's site changed, since which the body is the same; on the night the
sites were generated, the newest date the page shows (a static page is written when its
newest item is published) or that night if it shows none.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from collections.abc import Callable, Mapping

from sandbox.http import Response

VALIDATORS: dict[str, tuple[str, ...]] = {
    "trs": ("etag", "last-modified"),
    "hanweb": ("last-modified",),
    "modern": ("weak-etag",),
    "static": ("etag", "last-modified"),  # hosts that are not a unit's CMS: nginx with files
}
DYNAMIC_PREFIXES = ("module/", "api/", "calendar/", "search/", "sjcx/", "wsbs/")
_SHOWN_DATE = re.compile(rb"(20\d{2})-(\d{2})-(\d{2})")
_CACHEABLE = ("text/html", "application/pdf", "application/vnd.openxmlformats", "image/", "text/css",
              "application/javascript", "video/", "audio/")  # fmt: skip


def is_dynamic(rel: str) -> bool:
    return rel.startswith(DYNAMIC_PREFIXES)


def etag_of(body: bytes, weak: bool = False) -> str:
    tag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return "W/" + tag if weak else tag


def shown_date(body: bytes, night: dt.date) -> dt.date:
    """The newest date (YYYY-MM-DD) the page shows that is not after ``night``; else ``night``."""
    newest: dt.date | None = None
    for match in _SHOWN_DATE.finditer(body):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        if day <= night and (newest is None or day > newest):
            newest = day
    return newest or night


def http_date(day: dt.date) -> str:
    return email.utils.format_datetime(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC), usegmt=True)


def validate(
    response: Response,
    family: str,
    headers: Mapping[str, str],
    changed_on: Callable[[], dt.date],
) -> Response:
    """``response`` with the family's validators, or a 304 when the request's validators match.

    ``changed_on`` gives the day the body last changed (only called for families that send
    ``Last-Modified``)."""
    kinds = VALIDATORS.get(family, ())
    ctype = (response.content_type or "").lower()
    if response.status != 200 or not kinds or not ctype.startswith(_CACHEABLE):
        return response
    validators: dict[str, str] = {}
    if "etag" in kinds or "weak-etag" in kinds:
        validators["ETag"] = etag_of(response.body, weak="weak-etag" in kinds)
    modified: dt.date | None = None
    if "last-modified" in kinds:
        modified = changed_on()
        validators["Last-Modified"] = http_date(modified)
    response.headers.update(validators)
    if _not_modified(headers, validators.get("ETag"), modified):
        return Response(304, dict(validators), b"")
    return response


def _not_modified(headers: Mapping[str, str], etag: str | None, modified: dt.date | None) -> bool:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110 §13.2.2)
        if etag is None:
            return False
        if if_none_match.strip() == "*":
            return True
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag.removeprefix("W/") in tags  # weak comparison
    since = headers.get("if-modified-since")
    if since is None or modified is None:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(modified, dt.time(), tzinfo=dt.UTC) <= when
