"""The one runner: every registered check over one unit's ``CheckContext``.

``run_checks(snapshot, settings)`` builds the unit's context once and runs each check on it.
For each check the runner:

- leaves it undecided, without running it, when an input it ``requires`` is absent from the
  snapshot (the reason names the input: never a verdict on partial data);
- turns an exception into an undecided result (a bug in one check hides no other result);
- gives each finding without a title the check's ``failure_title``.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from collections.abc import Iterable

from checks.base import REGISTRY, Check, CheckResult
from checks.context import REQUIREMENTS, CheckContext
from config.settings import Settings
from storage.snapshot import UnitSnapshot

log = logging.getLogger(__name__)

# The check families; importing one registers its checks.
FAMILIES = ("checks.disclosure", "checks.ipv6", "checks.interpretation", "checks.inspection")


def load_all() -> dict[str, Check]:
    for family in FAMILIES:
        importlib.import_module(family)
    return REGISTRY


def selected(only: Iterable[str] | None = None) -> list[Check]:
    """The registered checks named by ``only`` (ids or family prefixes such as "disclosure"),
    in id order; every check when ``only`` is None."""
    checks = load_all()
    wanted = set(only) if only is not None else None
    return [
        check
        for check_id, check in sorted(checks.items())
        if wanted is None or any(check_id == w or check_id.startswith(w + ".") for w in wanted)
    ]


def run_checks(
    snapshot: UnitSnapshot, settings: Settings, *, only: Iterable[str] | None = None
) -> list[CheckResult]:
    """Each selected check's result on one unit's snapshot (pure: reads, never writes)."""
    ctx = CheckContext(snapshot, settings)
    return [run_check(check, ctx) for check in selected(only)]


def run_one(check_id: str, snapshot: UnitSnapshot, settings: Settings) -> CheckResult:
    """One registered check's result on one unit's snapshot, through the runner."""
    return run_check(load_all()[check_id], CheckContext(snapshot, settings))


def run_check(check: Check, ctx: CheckContext) -> CheckResult:
    absent = next((name for name in check.requires if ctx.missing(name)), None)
    if absent is not None:  # the first absent input: the ones after it often follow from it
        display, reason = REQUIREMENTS[absent]
        return CheckResult(
            check_id=check.id, unit_id=ctx.unit.id, score=None, display_value=display, undecided_reason=reason
        )
    try:
        result = check.run(ctx)
    except Exception as exc:
        log.exception("check %s failed on %s", check.id, ctx.unit.id)
        return CheckResult(
            check_id=check.id,
            unit_id=ctx.unit.id,
            score=None,
            display_value="检查程序出错",
            undecided_reason=f"{type(exc).__name__}: {exc}",
        )
    if any(not f.title for f in result.findings):
        titled = [
            f if f.title else dataclasses.replace(f, title=check.failure_title) for f in result.findings
        ]
        result = dataclasses.replace(result, findings=titled)
    return result


def topics() -> dict[str, str]:
    return {check_id: check.topic for check_id, check in load_all().items()}
