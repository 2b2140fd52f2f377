"""What a check is and what it returns (after Lighthouse audits).

A check declares an id, a title, a failure title, a short label, the topic (rubric input) it
feeds and the inputs it ``requires`` (``checks.context.REQUIREMENTS``); its ``run`` is a pure
function from a ``CheckContext`` (one unit's stored evidence and the settings) to a
``CheckResult``: a score in [0, 1] (None when undecided), a display value, and findings.
The runner (``checks.runner``) enforces ``requires`` and gives a finding without a title the
check's ``failure_title``. ``passed``, ``failed``, ``undecided``, ``judged`` and ``finding``
build results and findings in the one shape every check uses.

Check ids are listed with their meaning in ``docs/checks.md``: that list is the contract
between the checks, the sandbox's manifest and the rubric files. Writing a new check:
``docs/writing-a-check.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from checks.context import CheckContext

Severity = Literal["veto", "major", "minor", "info", "undecided"]


@dataclass(frozen=True, kw_only=True)
class Finding:
    unit_id: str
    check_id: str
    severity: Severity
    message: str  # Chinese, what was seen, with the figures
    title: str = ""  # Chinese, for the circular; the runner fills in the check's failure_title
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
    requires: tuple[str, ...] = ()  # names of checks.context.REQUIREMENTS, e.g. ("pages", "dns")
    run: Callable[[CheckContext], CheckResult]
    label: str = ""  # the short name officials read in tables (circular); default failure_title

    def __post_init__(self) -> None:
        from checks.context import REQUIREMENTS

        unknown = [r for r in self.requires if r not in REQUIREMENTS]
        if unknown:
            raise ValueError(
                f"check {self.id}: unknown requirement(s) {unknown}; allowed: {list(REQUIREMENTS)}"
            )
        if not self.label:
            object.__setattr__(self, "label", self.failure_title)


REGISTRY: dict[str, Check] = {}


def register(check: Check) -> Check:
    if check.id in REGISTRY:
        raise ValueError(f"check id {check.id!r} registered twice")
    REGISTRY[check.id] = check
    return check


def label_of(check_id: str, default: str | None = None) -> str:
    """What officials read for a check id: its registered label; ``default`` (else the id)
    for an id no check registers."""
    from checks.runner import load_all

    check = load_all().get(check_id)
    return check.label if check is not None else (default or check_id)


def finding(
    ctx: CheckContext,
    check_id: str,
    *,
    message: str,
    title: str = "",
    severity: Severity = "major",
    url: str | None = None,
    measured: dict[str, Any] | None = None,
    evidence: Iterable[dict[str, Any]] = (),
    key: str | None = None,
) -> Finding:
    return Finding(
        unit_id=ctx.unit.id,
        check_id=check_id,
        severity=severity,
        title=title,
        message=message,
        url=url,
        measured=measured or {},
        evidence=list(evidence),
        key=key,
    )


def passed(
    ctx: CheckContext, check_id: str, display: str, measured: dict[str, Any] | None = None
) -> CheckResult:
    return CheckResult(
        check_id=check_id, unit_id=ctx.unit.id, score=1.0, display_value=display, measured=measured or {}
    )


def failed(
    ctx: CheckContext,
    check_id: str,
    display: str,
    findings: list[Finding],
    measured: dict[str, Any] | None = None,
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        unit_id=ctx.unit.id,
        score=0.0,
        display_value=display,
        findings=findings,
        measured=measured or {},
    )


def undecided(
    ctx: CheckContext,
    check_id: str,
    reason: str,
    *,
    display: str = "无法判定",
    title: str | None = None,
    url: str | None = None,
    measured: dict[str, Any] | None = None,
) -> CheckResult:
    """No verdict, with the reason. With ``title`` an undecided finding is also emitted, so
    that a person sees it."""
    findings = []
    if title:
        findings.append(
            finding(ctx, check_id, title=title, message=f"无法判定：{reason}", url=url,
                    severity="undecided", measured={"reason": reason})
        )  # fmt: skip
    return CheckResult(
        check_id=check_id,
        unit_id=ctx.unit.id,
        score=None,
        display_value=display,
        findings=findings,
        measured=measured or {},
        undecided_reason=reason,
    )


def judged(
    ctx: CheckContext,
    check_id: str,
    findings: list[Finding],
    *,
    display: str,
    measured: dict[str, Any] | None = None,
    undecided_reason: str | None = None,
) -> CheckResult:
    """The verdict its findings make: failed when a veto/major/minor finding stands;
    undecided when undecided findings (or a reason) remain; passed otherwise (info findings
    do not fail a check)."""
    failing = [f for f in findings if f.severity in ("veto", "major", "minor")]
    open_ = [f for f in findings if f.severity == "undecided"]
    if failing:
        score: float | None = 0.0
    elif undecided_reason or open_:
        score = None
        undecided_reason = undecided_reason or "; ".join(f.message for f in open_)[:500]
    else:
        score = 1.0
    return CheckResult(
        check_id=check_id,
        unit_id=ctx.unit.id,
        score=score,
        display_value=display,
        findings=findings,
        measured=measured or {},
        undecided_reason=undecided_reason,
    )
