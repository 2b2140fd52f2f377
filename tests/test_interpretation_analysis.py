"""The interpretation analysis over a small hand-built site (the sandbox tests cover the rest)."""

from __future__ import annotations

import datetime as dt

from support.interpretation_site import BASE, P, snapshot

from checks.context import CheckContext
from checks.interpretation.similarity import similarity
from checks.runner import run_one
from config.periods import lag_working_days
from config.settings import Settings


def test_working_day_lag() -> None:
    # 2020-09-30 (Wed) → 2020-10-09 (Fri): the National Day holiday, Sat 10-10 a working day.
    assert lag_working_days(dt.date(2020, 9, 30), dt.date(2020, 10, 9)) == 1
    assert lag_working_days(dt.date(2020, 9, 30), dt.date(2020, 10, 12)) == 3
    assert lag_working_days(dt.date(2020, 3, 2), dt.date(2020, 3, 2)) == 0
    assert lag_working_days(dt.date(2020, 3, 2), dt.date(2020, 2, 28)) == 0


def test_title_similarity() -> None:
    assert similarity("一图读懂｜进一步优化营商环境的实施意见", P[0][1]) == 1.0
    assert similarity("一图读懂｜进一步优化营商环境的实施意见", P[1][1]) < 0.5


def test_analysis() -> None:
    data = CheckContext(snapshot(), Settings()).interpretations
    figures = data.figures()
    assert figures["policies"] == 5 and figures["interpretations"] == 3
    assert figures["forms"] == {
        f"{BASE}zcjd/a.html": "graphic",
        f"{BASE}zcjd/b.html": "text",  # its only video is a 404
        f"{BASE}zcjd/c.html": "text",
    }
    assert figures["links"] == {
        f"{BASE}zcjd/a.html": P[0][0],  # explicit link
        f"{BASE}zcjd/b.html": P[1][0],  # 文号 in the body
        f"{BASE}zcjd/c.html": P[2][0],  # title similarity
    }
    assert data.interpretations[f"{BASE}zcjd/b.html"].link_how == "doc_number"
    assert data.interpretations[f"{BASE}zcjd/c.html"].link_how == "title"
    assert figures["lags"] == {f"{BASE}zcjd/a.html": 1, f"{BASE}zcjd/b.html": 10, f"{BASE}zcjd/c.html": 3}
    assert figures["without_interpretation"] == [P[4][0]]
    assert figures["with_reason"] == [P[3][0]]
    # The share buttons (微博) are chrome; 来源 and a repost note count.
    assert sorted(figures["other_channel_urls"]) == [f"{BASE}zcjd/a.html", f"{BASE}zcjd/c.html"]


def test_checks() -> None:
    snap, settings = snapshot(), Settings()
    missing = run_one("interpretation.missing", snap, settings)
    assert [f.url for f in missing.findings] == [P[4][0]]
    assert missing.findings[0].measured["doc_number"] == "某政发〔2020〕5号"
    late = run_one("interpretation.late", snap, settings)
    assert [(f.url, f.measured["lag_working_days"]) for f in late.findings] == [(f"{BASE}zcjd/b.html", 10)]
    nontext = run_one("interpretation.nontext_share", snap, settings)
    assert len(nontext.findings) == 1 and nontext.findings[0].url is None
    assert nontext.findings[0].measured["share"] == round(1 / 3, 4)
    assert nontext.findings[0].measured["points_below"] == 37
    channel = run_one("interpretation.channel_share", snap, settings)
    assert channel.findings == [] and channel.score == 1.0
    assert channel.measured["channel_share"] == round(2 / 3, 4)
