"""The simulated web across nights: the timeline's changes, the manifest per night, validators
as each CMS family sends them and conditional requests answered 304 (in process and over sockets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from sandbox.http import Request, Response
from sandbox.manifest import build_manifest
from sandbox.nights import CHANGED_NIGHT, UNCHANGED_NIGHT
from sandbox.timeline import BASE_NIGHT, timeline_for
from sandbox.web import SandboxWeb

DAY = dt.timedelta(days=1)
UNCHANGED, CHANGED = BASE_NIGHT + DAY * UNCHANGED_NIGHT, BASE_NIGHT + DAY * CHANGED_NIGHT


def _keys(manifest: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    return {(u, d["check"], d["url"]) for u, e in manifest["units"].items() for d in e["defects"]}


def _get(web: SandboxWeb, url: str, **headers: str) -> Response:
    host, _, path = url.split("://", 1)[1].partition("/")
    path, _, query = ("/" + path).partition("?")
    return web.handle(Request(host, path, query, headers=headers))


def _revalidate(web: SandboxWeb, url: str, first: Response) -> Response:
    conditional = {}
    if "ETag" in first.headers:
        conditional["if-none-match"] = first.headers["ETag"]
    if "Last-Modified" in first.headers:
        conditional["if-modified-since"] = first.headers["Last-Modified"]
    return _get(web, url, **conditional)


def test_the_manifest_of_each_night_differs_by_exactly_the_planted_changes() -> None:
    base = build_manifest(1, BASE_NIGHT)
    assert len(_keys(base)) == 157 and base["changes"] == []
    assert _keys(build_manifest(1, BASE_NIGHT, UNCHANGED)) == _keys(base)
    changed = build_manifest(1, BASE_NIGHT, CHANGED)
    changes = timeline_for(1).on(CHANGED)
    kinds = {c.kind for c in changes}
    assert kinds == {"new_articles", "column_updated", "defect_fixed", "defect_planted"}
    families = {changed["units"][c.unit_id]["cms"] for c in changes}
    assert families == {"trs", "hanweb", "modern"}
    added = {(c.unit_id, check, url) for c in changes for check, url in c.expect.get("added", [])}
    removed = {(c.unit_id, check, url) for c in changes for check, url in c.expect.get("removed", [])}
    assert added and removed
    assert _keys(changed) - _keys(base) == added
    assert _keys(base) - _keys(changed) == removed
    assert [c["kind"] for c in changed["changes"]] == [c.kind for c in changes]


def test_validators_per_family_and_304_until_the_page_changes() -> None:
    web = SandboxWeb()
    changes = {c.kind: c for c in timeline_for(1).on(CHANGED)}
    pages = {
        "trs": changes["column_updated"].urls[0],  # a TRS column that gets a new item
        "hanweb": "http://" + changes["defect_planted"].urls[0].split("/")[2] + "/",  # a homepage
        "modern": "http://" + changes["new_articles"].urls[0].split("/")[2] + "/",
    }
    first = {family: _get(web, url) for family, url in pages.items()}
    assert {"ETag", "Last-Modified"} <= set(first["trs"].headers)
    assert "Last-Modified" in first["hanweb"].headers and "ETag" not in first["hanweb"].headers
    assert first["modern"].headers["ETag"].startswith("W/") and "Last-Modified" not in first["modern"].headers
    for family, url in pages.items():
        assert _revalidate(web, url, first[family]).status == 304, family
    web.set_night(UNCHANGED)
    for family, url in pages.items():
        assert _revalidate(web, url, first[family]).status == 304, family
    web.set_night(CHANGED)
    assert _revalidate(web, pages["trs"], first["trs"]).status == 200
    after = _revalidate(web, pages["hanweb"], first["hanweb"])
    assert after.status == 200 and after.headers["Last-Modified"] == "Thu, 17 Dec 2020 00:00:00 GMT"
    # A modern page is a shell filled by the JSON API: the shell is unchanged, the API is not.
    assert _revalidate(web, pages["modern"], first["modern"]).status == 304
    for url in changes["new_articles"].urls:
        assert _get(web, url).status == 200
    web.set_night(BASE_NIGHT)
    for url in changes["new_articles"].urls:
        assert _get(web, url).status == 404


def test_dynamic_endpoints_send_no_validators() -> None:
    web = SandboxWeb()
    modern = next(c for c in timeline_for(1).on(CHANGED) if c.kind == "new_articles").urls[0].split("/")[2]
    answer = _get(web, f"http://{modern}/api/content/list?channelId=zwyw&pageNo=1&pageSize=15")
    assert answer.status == 200 and "ETag" not in answer.headers and "Last-Modified" not in answer.headers


def test_nights_before_the_generated_one_are_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        SandboxWeb().set_night(BASE_NIGHT - DAY)


def test_conditional_requests_over_sockets(running_sandbox: Any) -> None:
    sb = running_sandbox
    host = next(e for e in sb.manifest["units"].values() if e["cms"] == "hanweb")["homepage"].split("/")[2]
    url = f"http://127.0.0.1:{sb.http_port}/"
    first = httpx.get(url, headers={"Host": host}, timeout=10)
    assert first.status_code == 200 and "last-modified" in first.headers
    again = httpx.get(
        url, headers={"Host": host, "If-Modified-Since": first.headers["last-modified"]}, timeout=10
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["last-modified"] == first.headers["last-modified"]
