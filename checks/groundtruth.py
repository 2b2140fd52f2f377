"""Findings against the sandbox's planted defects: recall and precision per check id.

The matching rule is docs/checks.md's: a finding matches a planted defect when unit and check id
are equal and, if the defect names a URL, the canonicalised URLs are equal. Matching is one to
one: a second finding on the same defect is a false positive. Findings of severity "undecided"
claim nothing; they are counted apart and never match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pages.urls import canonicalize

Key = tuple[str, str | None]  # (unit id, canonical url or None)


class Claim(Protocol):
    """What matching reads of a finding: a ``checks.base.Finding`` or a stored finding row."""

    @property
    def unit_id(self) -> str: ...
    @property
    def check_id(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def severity(self) -> str: ...


@dataclass
class CheckScore:
    check_id: str
    tp: list[Key] = field(default_factory=list)
    fp: list[Key] = field(default_factory=list)
    fn: list[Key] = field(default_factory=list)
    undecided: list[Key] = field(default_factory=list)

    @property
    def recall(self) -> float:
        planted = len(self.tp) + len(self.fn)
        return len(self.tp) / planted if planted else 1.0

    @property
    def precision(self) -> float:
        claimed = len(self.tp) + len(self.fp)
        return len(self.tp) / claimed if claimed else 1.0

    @property
    def exact(self) -> bool:
        """Every planted defect found, no false alarm."""
        return self.recall == 1.0 and self.precision == 1.0


@dataclass
class Scorecard:
    checks: dict[str, CheckScore] = field(default_factory=dict)

    def score(self, check_id: str) -> CheckScore:
        return self.checks.setdefault(check_id, CheckScore(check_id))

    @property
    def perfect(self) -> bool:
        return all(s.exact for s in self.checks.values())

    def summary(self) -> str:
        lines = []
        for check_id, s in sorted(self.checks.items()):
            lines.append(
                f"{check_id}: recall {s.recall:.2f} precision {s.precision:.2f} "
                f"(tp {len(s.tp)}, fp {len(s.fp)}, fn {len(s.fn)}, undecided {len(s.undecided)})"
            )
            lines += [f"    fp {unit} {url}" for unit, url in s.fp]
            lines += [f"    fn {unit} {url}" for unit, url in s.fn]
        return "\n".join(lines)


def _canonical(url: str | None) -> str | None:
    return canonicalize(url) if url else None


def match_findings(
    findings: Iterable[Claim],
    manifest: dict[str, Any],
    check_prefix: str,
    units: Iterable[str] | None = None,
) -> Scorecard:
    """Score ``findings`` whose check id starts with ``check_prefix`` against the manifest's defects.

    ``units`` limits the comparison to the units the findings were computed for (default: all of
    the manifest's units).
    """
    wanted_units = set(units) if units is not None else set(manifest["units"])
    card = Scorecard()
    open_defects: dict[tuple[str, str], list[str | None]] = {}
    for unit_id in sorted(wanted_units):
        for defect in manifest["units"].get(unit_id, {}).get("defects", []):
            check_id = str(defect["check"])
            if not check_id.startswith(check_prefix):
                continue
            card.score(check_id)
            open_defects.setdefault((unit_id, check_id), []).append(_canonical(defect.get("url")))
    for finding in sorted(findings, key=lambda f: (f.unit_id, f.check_id, f.url or "")):
        if not finding.check_id.startswith(check_prefix) or finding.unit_id not in wanted_units:
            continue
        score = card.score(finding.check_id)
        key: Key = (finding.unit_id, _canonical(finding.url))
        if finding.severity == "undecided":
            score.undecided.append(key)
            continue
        pending = open_defects.get((finding.unit_id, finding.check_id), [])
        match = next((i for i, url in enumerate(pending) if url is not None and url == key[1]), None)
        if match is None:
            match = next((i for i, url in enumerate(pending) if url is None), None)
        if match is None:
            score.fp.append(key)
        else:
            pending.pop(match)
            score.tp.append(key)
    for (unit_id, check_id), pending in open_defects.items():
        card.score(check_id).fn.extend((unit_id, url) for url in pending)
    return card
