"""Hidden links (暗链) by inline style, by stylesheet class and by script; illegal links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from checks.inspection import hidden_links
from checks.runner import run_one
from config.settings import Settings, UnitConfig
from pages.visibility import static_links
from storage.snapshot import SnapshotPage, UnitSnapshot

DATA = Path(__file__).parent / "data" / "inspection"
HOME = "http://www.xx.gov.cn/"
UNIT = UnitConfig(id="xx", name="某县", unit_class="A", homepage=HOME, scope=[HOME])
SETTINGS = Settings()


def _snapshot(name: str, render_report: dict[str, Any] | None = None) -> UnitSnapshot:
    page = SnapshotPage(
        url=HOME,
        final_url=HOME,
        status=200,
        outcome="ok",
        content_type="text/html; charset=utf-8",
        body=(DATA / name).read_bytes(),
        render_report=render_report,
    )
    return UnitSnapshot.from_pages(UNIT, dt.date(2020, 12, 15), [page])


def _hidden(snapshot: UnitSnapshot) -> dict[str, dict[str, Any]]:
    result = run_one(hidden_links.HIDDEN_ID, snapshot, SETTINGS)
    return {f.url or "": {"severity": f.severity, **f.measured} for f in result.findings}


def test_static_inline_styles() -> None:
    found = _hidden(_snapshot("hidden_inline.html"))
    assert set(found) == {
        "http://www.am888-bc.com/",
        "http://spam-two.example.com/",
        "http://spam-three.example.com/",
        "http://spam-four.example.com/",
    }
    assert {v["method"] for v in found.values()} == {"inline"}
    assert all(v["severity"] == "veto" for v in found.values())
    assert "display:none" in found["http://www.am888-bc.com/"]["why"]
    assert "off-screen" in found["http://spam-two.example.com/"]["why"]
    assert "font-size" in found["http://spam-three.example.com/"]["why"]
    assert "same colour" in found["http://spam-four.example.com/"]["why"]


def test_hidden_own_menu_is_not_a_hidden_link() -> None:
    links = {link.href: link for link in static_links(
        (DATA / "hidden_inline.html").read_text(), font_max_px=2, offscreen_px=500)}  # fmt: skip
    assert links["/xwzx/zwyw/"].hidden  # hidden, but an own drop-down menu: not reported
    assert "http://www.xx.gov.cn/xwzx/zwyw/" not in _hidden(_snapshot("hidden_inline.html"))


def test_static_stylesheet_class() -> None:
    found = _hidden(_snapshot("hidden_class.html"))
    assert set(found) == {"http://www.hgyl-city.net/", "http://tiny.example.net/"}
    assert {v["method"] for v in found.values()} == {"class"}


def test_script_hiding_without_browser_is_undecided() -> None:
    result = run_one(hidden_links.HIDDEN_ID, _snapshot("hidden_script.html"), SETTINGS)
    assert result.score is None and result.undecided_reason
    [finding] = result.findings
    assert finding.url == "http://www.sf-cq.org/"
    assert finding.severity == "undecided" and finding.measured["method"] == "script"


def test_script_hiding_from_render_report() -> None:
    report = {
        "links": [
            {"href": "http://www.gov.cn/", "text": "中国政府网", "visible": True, "why": None},
            {
                "href": "http://www.sf-cq.org/",
                "text": "代开发票 联系",
                "visible": False,
                "why": "display:none",
            },
        ]
    }
    result = run_one(hidden_links.HIDDEN_ID, _snapshot("hidden_script.html", report), SETTINGS)
    assert result.score == 0.0
    [finding] = result.findings
    assert finding.url == "http://www.sf-cq.org/"
    assert finding.severity == "veto" and finding.measured["method"] == "script"


def test_render_report_keeps_the_static_method() -> None:
    report = {
        "links": [
            {"href": "http://www.hgyl-city.net/", "text": "百家乐", "visible": False, "why": "offscreen"}
        ]
    }
    found = _hidden(_snapshot("hidden_class.html", report))
    assert set(found) == {"http://www.hgyl-city.net/"}
    assert found["http://www.hgyl-city.net/"]["method"] == "class"


def test_browser_says_visible_wins() -> None:
    report = {"links": [{"href": "http://www.am888-bc.com/", "text": "x", "visible": True, "why": None}]}
    assert _hidden(_snapshot("hidden_inline.html", report)) == {}


def test_illegal_links_by_keyword_and_domain() -> None:
    settings = Settings.model_validate(
        {
            "thresholds": {
                "inspection": {"hidden_link_domains": ["example.com"], "hidden_link_keywords": ["博彩"]}
            }
        }
    )
    result = run_one(hidden_links.ILLEGAL_ID, _snapshot("hidden_inline.html"), settings)
    urls = {f.url: f.measured["matched"] for f in result.findings}
    assert urls == {
        "http://www.am888-bc.com/": "博彩",
        "http://spam-two.example.com/": "example.com",
        "http://spam-three.example.com/": "example.com",
        "http://spam-four.example.com/": "example.com",
    }
    clean = run_one(hidden_links.ILLEGAL_ID, _snapshot("hidden_class.html"), settings)
    assert clean.score == 1.0 and not clean.findings


@pytest.mark.browser
def test_browser_render_report_with_the_crawler_routine() -> None:
    """Real Chromium, the crawler's own visibility routine: inline, class and script hiding."""
    from pathlib import Path as _Path

    sync_api = pytest.importorskip("playwright.sync_api")
    from crawler.render import CHROMIUM_ARGS, VISIBILITY_JS

    if not _Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium")
    expected = {
        "hidden_inline.html": {f"http://{h}/": "inline" for h in (
            "www.am888-bc.com", "spam-two.example.com", "spam-three.example.com", "spam-four.example.com")},
        "hidden_class.html": {"http://www.hgyl-city.net/": "class", "http://tiny.example.net/": "class"},
        "hidden_script.html": {"http://www.sf-cq.org/": "script"},
    }  # fmt: skip
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
            for name, wanted in expected.items():
                page.set_content((DATA / name).read_text(encoding="utf-8"))
                report = {"links": page.evaluate(VISIBILITY_JS)}
                found = _hidden(_snapshot(name, report))
                assert {url: v["method"] for url, v in found.items()} == wanted, (name, report)
                assert all(v["severity"] == "veto" for v in found.values())
        finally:
            browser.close()
