"""``zwgk page inspect`` on a file and on a URL served from loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zwgk.cli import app

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "data" / "reference_pages"
GUIDE = PAGES / "b_guide_pingtan.html"
GUIDE_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzn/202311/t20231104_51587.htm"
runner = CliRunner()


def test_inspect_file_json() -> None:
    result = runner.invoke(app, ["page", "inspect", str(GUIDE), "--url", GUIDE_URL, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "guide"
    assert data["publish_date"] == "2024-03-23"
    assert data["url_date"] == "2023-11-04"
    assert data["url"] == GUIDE_URL


def test_inspect_file_summary() -> None:
    result = runner.invoke(app, ["page", "inspect", str(PAGES / "e_list_jsonly_xzgfxwj_pingtan.html")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # Rich wraps long lines
    assert "列表页 list" in output
    assert "rendered list needed" in output


def test_inspect_with_rendered_dom(tmp_path: Path) -> None:
    rendered = tmp_path / "rendered.html"
    rendered.write_text(
        "<html><body><ul><li><a href='/a/1.htm'>关于某项工作的通知</a><span>2024-01-02</span></li>"
        "<li><a href='/a/2.htm'>关于另一项工作的通知</a><span>2024-01-01</span></li></ul></body></html>",
        encoding="utf-8",
    )
    page = PAGES / "e_list_jsonly_xzgfxwj_pingtan.html"
    result = runner.invoke(app, ["page", "inspect", str(page), "--rendered", str(rendered), "--json"])
    data = json.loads(result.output)
    assert [item["date"] for item in data["items"]] == ["2024-01-02", "2024-01-01"]
    assert data["items_complete"] is True


def test_inspect_missing_file() -> None:
    result = runner.invoke(app, ["page", "inspect", "/nonexistent/page.html"])
    assert result.exit_code == 2


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = GUIDE.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/zwgk/zfxxgkzn/202311/t20231104_51587.htm"
    finally:
        server.shutdown()
        server.server_close()


def test_inspect_url_through_the_fetcher(served: str, tmp_path: Path) -> None:
    pytest.importorskip("crawler.fetcher")
    config = tmp_path / "sites.toml"
    config.write_text(
        (ROOT / "config" / "sites.toml").read_text(encoding="utf-8")
        + '\n[network]\nallow_private = true\n\n[crawl]\nhttp2 = false\ndata_dir = "'
        + str(tmp_path)
        + '"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["page", "inspect", served, "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "guide"
    assert data["url"] == served
    assert data["url_date"] == "2023-11-04"


def test_inspect_json_shows_date_sources_and_undecided_reasons(tmp_path: Path) -> None:
    page = tmp_path / "home.html"
    page.write_text(
        "<html><head><title>某县人民政府</title></head><body><div class='tit'><h3>公示公告</h3></div><ul>"
        "<li><a href='/a/1.html'>关于春节期间值班安排的通知</a><span>01-05</span></li>"
        "<li><a href='/a/2.html'>关于年终安全生产检查的公告</a><span>12-30</span></li></ul></body></html>",
        encoding="utf-8",
    )
    undated = json.loads(runner.invoke(app, ["page", "inspect", str(page), "--json"]).stdout)
    assert undated["items_complete"] is False and "MM-DD" in undated["undecided"]["items"]
    result = runner.invoke(app, ["page", "inspect", str(page), "--crawl-date", "2025-01-10", "--json"])
    dated = json.loads(result.stdout)
    assert [i["date"] for i in dated["items"]] == ["2025-01-05", "2024-12-30"]
    assert "items" not in dated["undecided"]
    guide = json.loads(
        runner.invoke(app, ["page", "inspect", str(GUIDE), "--url", GUIDE_URL, "--json"]).stdout
    )
    assert guide["date_sources"]["chosen"] == "meta" and guide["date_sources"]["url"] == "2023-11-04"
    bad = runner.invoke(app, ["page", "inspect", str(page), "--crawl-date", "2025-13-01"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
