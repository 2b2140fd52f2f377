"""Fetcher against the hostile server: every misbehaviour ends as an outcome with a reason."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.hostile_server import Running, hostile_config, run_hostile

from crawler.fetcher import Fetcher
from crawler.warc import WarcStore, read_record


@pytest.fixture(scope="module")
def web() -> Iterator[Running]:
    with run_hostile() as running:
        yield running


async def fetch(web: Running, tmp_path: Path, url: str, **kwargs: object) -> object:
    config = hostile_config(web, str(tmp_path), **kwargs.pop("sections", {}))  # type: ignore[arg-type]
    async with Fetcher(config, warc=WarcStore(tmp_path)) as fetcher:
        return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "outcome", "reason"),
    [
        ("/", "ok", None),
        ("/gzip", "ok", None),
        ("/500", "http_error", "HTTP 500"),
        ("/403", "blocked", "HTTP 403"),
        ("/429", "blocked", "HTTP 429"),
        ("/waf", "blocked", "WAF challenge"),
        ("/loop/a", "error", "redirect loop"),
        ("/hang", "error", "timeout: read"),
        ("/trickle", "error", "timeout: whole fetch"),
        ("/reset", "error", "connection"),
        ("/huge", "error", "larger than"),
        ("/nowhere", "http_error", "HTTP 404"),
    ],
)
async def test_outcomes(web: Running, tmp_path: Path, path: str, outcome: str, reason: str | None) -> None:
    result = await fetch(web, tmp_path, f"http://hostile.test{path}")
    assert result.outcome == outcome, (result.outcome, result.reason)  # type: ignore[attr-defined]
    if reason is None:
        assert result.reason is None  # type: ignore[attr-defined]
    else:
        assert reason in (result.reason or "")  # type: ignore[attr-defined]


async def test_gzip_bomb_is_cut_and_named(web: Running, tmp_path: Path) -> None:
    result = await fetch(
        web, tmp_path, "http://hostile.test/bomb", sections={"crawl": {"max_body_bytes": 20_000_000}}
    )
    assert result.outcome == "error"
    assert "decompression bomb" in result.reason
    assert len(result.body) <= 20_000_000


async def test_charsets_and_binary(web: Running, tmp_path: Path) -> None:
    mislabelled = await fetch(web, tmp_path, "http://hostile.test/gbk-mislabelled")
    assert mislabelled.outcome == "ok" and mislabelled.encoding == "gb18030"
    assert "政府信息公开指南" in mislabelled.text and "mislabelled" in mislabelled.reason
    gb2312 = await fetch(web, tmp_path, "http://hostile.test/gb2312")
    assert gb2312.encoding == "gb18030" and "囍镕堃" in gb2312.text
    binary = await fetch(web, tmp_path, "http://hostile.test/binary")
    assert binary.outcome == "ok" and binary.text is None and "binary" in binary.reason


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("nx.test", "NXDOMAIN"),
        ("servfail.test", "SERVFAIL"),
        ("private.test", "private"),
        ("linklocal.test", "link-local"),
        ("cgnat.test", "CGNAT"),
        ("v6private.test", "private"),
    ],
)
async def test_names_that_must_not_be_fetched(web: Running, tmp_path: Path, host: str, reason: str) -> None:
    result = await fetch(web, tmp_path, f"http://{host}/")
    assert result.outcome in ("error", "refused") and reason in result.reason
    assert result.dns and result.dns[0].queries


async def test_redirect_to_private_address_is_refused(web: Running, tmp_path: Path) -> None:
    result = await fetch(web, tmp_path, "http://hostile.test/redirect-private")
    assert result.outcome == "refused" and "10.0.0.1" in result.reason
    assert result.redirects[0]["status"] == 302


async def test_forced_families_and_cname(web: Running, tmp_path: Path) -> None:
    v6 = await fetch(web, tmp_path, "http://hostile.test/a.html", family=6)
    assert (v6.outcome, v6.ip, v6.family) == ("ok", "::1", 6)
    v4 = await fetch(web, tmp_path, "http://hostile.test/a.html", family=4)
    assert (v4.ip, v4.family) == ("127.0.0.1", 4)
    only6 = await fetch(web, tmp_path, "http://v6only.test/a.html", family=4)
    assert only6.outcome == "error" and "no" in only6.reason
    alias = await fetch(web, tmp_path, "http://alias.test/a.html")
    assert alias.outcome == "ok" and alias.dns[0].cname_chain == ["cdn.hostile.test"]


async def test_warc_holds_the_exact_bytes(web: Running, tmp_path: Path) -> None:
    result = await fetch(web, tmp_path, "http://hostile.test/gzip")
    assert result.warc is not None
    status, payload = read_record(tmp_path, result.warc)
    assert status == 200 and payload == result.body


async def test_conditional_request_gives_not_modified(web: Running, tmp_path: Path) -> None:
    result = await fetch(web, tmp_path, "http://hostile.test/etag", conditional={"etag": '"v1"'})
    assert result.outcome == "not_modified" and result.status == 304


async def test_timings_and_user_agent(web: Running, tmp_path: Path) -> None:
    result = await fetch(
        web, tmp_path, "http://hostile.test/a.html", sections={"audit": {"contact": "ops@example.org"}}
    )
    assert {"dns_ms", "ttfb_ms", "total_ms"} <= set(result.timings)
    assert any("ops@example.org" in ua for ua in web.web.counters.user_agents)


async def test_retry_after_holds_the_host_back(web: Running, tmp_path: Path) -> None:
    config = hostile_config(web, str(tmp_path))
    async with Fetcher(config) as fetcher:
        first = await fetcher.fetch("http://other.test/429")
        assert first.outcome == "blocked"
        loop = asyncio.get_running_loop()
        began = loop.time()
        await fetcher.fetch("http://other.test/a.html")
        assert loop.time() - began >= 0.9  # Retry-After: 1
