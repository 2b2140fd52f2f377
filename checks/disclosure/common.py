"""Helpers shared by the disclosure checks: results and findings in one shape."""

from __future__ import annotations

from typing import Any

from checks.base import CheckResult, Finding, Severity
from storage.snapshot import UnitSnapshot

TOPIC_COLUMN = "disclosure_column"
TOPIC_CATALOGUE = "catalogue"


def finding(
    snapshot: UnitSnapshot,
    check_id: str,
    title: str,
    message: str,
    *,
    url: str | None = None,
    measured: dict[str, Any] | None = None,
    evidence: list[dict[str, Any]] | None = None,
    severity: Severity = "major",
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
        evidence=evidence or [],
        key=key,
    )


def passed(
    snapshot: UnitSnapshot, check_id: str, display: str, measured: dict[str, Any] | None = None
) -> CheckResult:
    return CheckResult(
        check_id=check_id, unit_id=snapshot.unit.id, score=1.0, display_value=display, measured=measured or {}
    )


def failed(
    snapshot: UnitSnapshot,
    check_id: str,
    display: str,
    findings: list[Finding],
    measured: dict[str, Any] | None = None,
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=0.0,
        display_value=display,
        findings=findings,
        measured=measured or {},
    )


def undecided(
    snapshot: UnitSnapshot, check_id: str, reason: str, *, title: str | None = None, url: str | None = None
) -> CheckResult:
    """No verdict. With ``title`` an undecided finding is also emitted, so that a person sees it."""
    findings = []
    if title:
        findings.append(
            finding(snapshot, check_id, title, f"无法判定：{reason}", url=url, severity="undecided",
                    measured={"reason": reason})
        )  # fmt: skip
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=None,
        display_value="无法判定 undecided",
        findings=findings,
        undecided_reason=reason,
    )
