"""What a check is and what it returns (after Lighthouse audits).

A check declares an id, a title, a failure title, the topic (rubric input) it feeds and what
it needs; its ``run`` is a pure function from a unit's snapshot and the settings to a
``CheckResult``: a score in [0, 1] (None when undecided), a display value, and findings.
Check ids are listed with their meaning in ``docs/checks.md``: that list is the contract
between the checks, the sandbox's manifest and the rubric files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from config.settings import Settings
from storage.snapshot import UnitSnapshot

Severity = Literal["veto", "major", "minor", "info", "undecided"]


@dataclass(frozen=True, kw_only=True)
class Finding:
    unit_id: str
    check_id: str
    severity: Severity
    title: str  # Chinese, for the circular
    message: str  # Chinese, what was seen, with the figures
    url: str | None = None
    measured: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # What identifies "the same problem" on another night (defaults to check + url).
    key: str | None = None

    @property
    def fingerprint(self) -> str:
        basis = json.dumps([self.unit_id, self.check_id, self.key or self.url or ""], ensure_ascii=False)
        return hashlib.sha256(basis.encode()).hexdigest()[:32]


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    check_id: str
    unit_id: str
    score: float | None  # 1 = pass, 0 = fail, None = undecided
    display_value: str = ""
    findings: list[Finding] = field(default_factory=list)
    measured: dict[str, Any] = field(default_factory=dict)
    undecided_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Check:
    id: str  # family.name, e.g. "disclosure.guide"
    title: str  # what passing looks like (Chinese)
    failure_title: str  # what failing looks like (Chinese)
    topic: str  # the rubric input it feeds, e.g. "disclosure_column", "ipv6", "inspection"
    requires: tuple[str, ...] = ()  # e.g. ("pages", "rendered", "probes:ipv6")
    run: Callable[[UnitSnapshot, Settings], CheckResult]


REGISTRY: dict[str, Check] = {}


def register(check: Check) -> Check:
    if check.id in REGISTRY:
        raise ValueError(f"check id {check.id!r} registered twice")
    REGISTRY[check.id] = check
    return check
