"""The worked example of docs/writing-a-check.md runs as written, through the runner."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from support.interpretation_site import BASE
from support.interpretation_site import snapshot as site_snapshot

import checks.base
from checks.context import CheckContext
from checks.runner import run_check
from config.settings import Settings
from storage.snapshot import SnapshotPage

DOC = Path(__file__).parent.parent / "docs" / "writing-a-check.md"


def example(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The first code block, executed against a registry of its own (the real one stays as it is)."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    monkeypatch.setattr(checks.base, "REGISTRY", {})
    namespace: dict[str, Any] = {"__name__": "example"}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)
    return namespace["CHECK"]


def test_the_worked_example_finds_the_article_without_a_source(monkeypatch: pytest.MonkeyPatch) -> None:
    check = example(monkeypatch)
    unsourced = f"{BASE}zcwj/9.html"
    html = (
        '<html><head><meta name="ArticleTitle" content="某县人民政府关于做好防汛工作的通知">'
        '<meta name="PubDate" content="2020-07-01 09:00"><title>某县人民政府关于做好防汛工作的通知</title>'
        '</head><body><h1>某县人民政府关于做好防汛工作的通知</h1><div class="TRS_Editor">'
        + "<p>各乡镇人民政府，县直各有关单位：现就做好防汛工作通知如下。</p>" * 10
        + "</div></body></html>"
    )
    page = SnapshotPage(url=unsourced, final_url=unsourced, status=200, outcome="ok",
                        content_type="text/html; charset=utf-8", body=html.encode())  # fmt: skip
    site = site_snapshot()
    site = dataclasses.replace(site, unit=site.unit.model_copy(update={"homepage": BASE + "zcwj/"}))
    result = run_check(check, CheckContext(dataclasses.replace(site, pages=[*site.pages, page]), Settings()))
    assert result.score == 0.0
    assert [f.url for f in result.findings] == [unsourced]
    assert [f.title for f in result.findings] == ["文章页未注明信息来源"]  # the failure_title
    assert result.measured["articles"] >= 5


def test_the_worked_example_is_undecided_without_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    check = example(monkeypatch)
    site = site_snapshot()
    empty = dataclasses.replace(site, pages=[p for p in site.pages if p.url == BASE + "zcwj/"])
    empty = dataclasses.replace(
        empty, pages=[dataclasses.replace(empty.pages[0], outcome="error", body=None)]
    )
    site = dataclasses.replace(empty, unit=site.unit.model_copy(update={"homepage": BASE + "zcwj/"}))
    result = run_check(check, CheckContext(site, Settings()))
    assert result.score is None and result.undecided_reason == "no readable page stored for the unit"
