"""HTTPS: certificate expiry and validity from the availability probes, mixed content."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.inspection import transport
from checks.runner import run_one
from config.settings import Settings, UnitConfig
from storage.snapshot import SnapshotPage, SnapshotProbe, UnitSnapshot

AS_OF = dt.date(2020, 12, 15)


def _snapshot(home: str, body: str, tls: dict[str, Any] | None) -> UnitSnapshot:
    unit = UnitConfig(id="xx", name="某县", unit_class="A", homepage=home, scope=[home])
    page = SnapshotPage(url=home, final_url=home, status=200, outcome="ok", content_type="text/html",
                        body=body.encode())  # fmt: skip
    probes = []
    if tls is not None:
        probes.append(SnapshotProbe(kind="availability", url=home, family=4, at=dt.datetime(2020, 12, 15, 2),
                                    ok=True, status=200, error=None, timings={}, content_hash=None,
                                    details={"tls": tls}))  # fmt: skip
    return UnitSnapshot(unit=unit, as_of=AS_OF, pages=[page], probes=probes)


def _problems(snapshot: UnitSnapshot) -> list[str]:
    return [f.measured["problem"] for f in run_one(transport.CHECK_ID, snapshot, Settings()).findings]


GOOD = {"not_after": "2021-06-01T00:00:00+00:00", "verify_error": None, "hostname_match": True}
HOME = "https://www.xx.gov.cn/"


def test_certificate_problems() -> None:
    page = "<html><body>ok</body></html>"
    assert _problems(_snapshot(HOME, page, GOOD)) == []
    assert _problems(_snapshot(HOME, page, {**GOOD, "not_after": "2020-12-01T00:00:00+00:00",
                                            "verify_error": "certificate has expired"})) == ["expired"]  # fmt: skip
    assert _problems(_snapshot(HOME, page, {**GOOD, "not_after": "2021-01-05T00:00:00+00:00"})) == [
        "expiring"
    ]
    assert _problems(_snapshot(HOME, page, {**GOOD, "verify_error": "self-signed certificate"})) == [
        "invalid"
    ]
    assert _problems(_snapshot(HOME, page, {**GOOD, "hostname_match": False})) == ["invalid"]


def test_an_audit_of_an_earlier_day_judges_the_dates_as_of_that_day() -> None:
    """Re-running 2020-12-15 years later: the probe's clock calls the certificate expired, but
    on the audit day it was valid (expiring soon), and that is the verdict."""
    page = "<html><body>ok</body></html>"
    probed_later = {"not_before": "2020-01-05T00:00:00+00:00", "not_after": "2021-01-04T00:00:00+00:00",
                    "verify_error": "certificate has expired", "hostname_match": True}  # fmt: skip
    assert _problems(_snapshot(HOME, page, probed_later)) == ["expiring"]
    not_yet = {
        **probed_later,
        "not_before": "2021-01-01T00:00:00+00:00",
        "verify_error": "certificate is not yet valid",
    }
    assert _problems(_snapshot(HOME, page, not_yet)) == ["invalid"]


def test_mixed_content_and_plain_http() -> None:
    page = '<html><head><script src="http://cdn.example.com/a.js"></script></head><body><a href="http://x/">x</a></body></html>'
    assert _problems(_snapshot(HOME, page, GOOD)) == ["mixed_content"]
    plain = run_one(transport.CHECK_ID, _snapshot("http://www.xx.gov.cn/", page, None), Settings())
    assert plain.score == 1.0 and plain.measured == {"https": False}


def test_no_certificate_facts_is_undecided() -> None:
    result = run_one(transport.CHECK_ID, _snapshot(HOME, "<html></html>", None), Settings())
    assert result.score is None and result.undecided_reason
