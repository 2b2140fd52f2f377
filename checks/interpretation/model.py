"""What the interpretation analysis finds in a unit's snapshot, and the figures it reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pages.docnumbers import parse_doc_number


def doc_key(text: str | None) -> str | None:
    """A 文号's identity whatever its brackets: 临政办函〔2020〕26号 (issuer, year, serial)."""
    parsed = parse_doc_number(text)
    if parsed is None:
        return None
    issuer = parsed.issuer
    for lead in ("关于印发", "关于转发", "印发", "转发", "关于"):
        if issuer.startswith(lead) and len(issuer) > len(lead) + 1:
            issuer = issuer[len(lead) :]
    return f"{issuer}〔{parsed.year}〕{parsed.serial}号"


@dataclass
class Policy:
    url: str
    title: str
    doc_number: str | None = None
    published: dt.date | None = None
    fetched: bool = True
    no_interpretation_reason: str | None = None  # the stated reason, quoted
    interpretations: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # list pages it was found on

    @property
    def doc_key(self) -> str | None:
        return doc_key(self.doc_number)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "doc_number": self.doc_number,
            "published": self.published.isoformat() if self.published else None,
            "no_interpretation_reason": self.no_interpretation_reason,
            "interpretations": self.interpretations,
        }


@dataclass
class Interpretation:
    url: str
    title: str
    published: dt.date | None = None
    fetched: bool = True
    form: str | None = None  # None when the page was not fetched
    form_signals: list[str] = field(default_factory=list)
    policy_url: str | None = None
    link_how: str | None = None  # explicit | doc_number | title
    link_signal: str | None = None
    lag_working_days: int | None = None
    channels: list[str] = field(default_factory=list)
    channel_signals: list[str] = field(default_factory=list)
    source: str | None = None
    columns: list[str] = field(default_factory=list)

    @property
    def nontext(self) -> bool:
        return self.form is not None and self.form != "text"

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "form": self.form,
            "form_signals": self.form_signals,
            "policy_url": self.policy_url,
            "link": self.link_how,
            "link_signal": self.link_signal,
            "lag_working_days": self.lag_working_days,
            "channels": self.channels,
            "channel_signals": self.channel_signals,
            "source": self.source,
        }


@dataclass
class UnitInterpretations:
    unit_id: str
    max_lag: int
    policies: dict[str, Policy] = field(default_factory=dict)
    interpretations: dict[str, Interpretation] = field(default_factory=dict)
    interpretation_columns: list[str] = field(default_factory=list)
    policy_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def without_interpretation(self) -> list[Policy]:
        return [
            p for p in self.policies.values() if not p.interpretations and p.no_interpretation_reason is None
        ]

    @property
    def late(self) -> list[Interpretation]:
        return [
            i
            for i in self.interpretations.values()
            if i.lag_working_days is not None and i.lag_working_days > self.max_lag
        ]

    @property
    def nontext(self) -> list[Interpretation]:
        return [i for i in self.interpretations.values() if i.nontext]

    @property
    def other_channel(self) -> list[Interpretation]:
        return [i for i in self.interpretations.values() if i.channels]

    @property
    def nontext_share(self) -> float | None:
        decided = [i for i in self.interpretations.values() if i.form is not None]
        return round(len(self.nontext) / len(decided), 4) if decided else None

    @property
    def channel_share(self) -> float | None:
        decided = [i for i in self.interpretations.values() if i.fetched]
        return round(len(self.other_channel) / len(decided), 4) if decided else None

    def figures(self) -> dict[str, Any]:
        """The per-unit figures, each with the documents behind it."""
        return {
            "policies": len(self.policies),
            "interpretations": len(self.interpretations),
            "nontext": len(self.nontext),
            "nontext_share": self.nontext_share,
            "other_channel": len(self.other_channel),
            "channel_share": self.channel_share,
            "without_interpretation": [p.url for p in self.without_interpretation],
            "with_reason": [p.url for p in self.policies.values() if p.no_interpretation_reason],
            "late": {i.url: i.lag_working_days for i in self.late},
            "forms": {i.url: i.form for i in self.interpretations.values()},
            "links": {i.url: i.policy_url for i in self.interpretations.values() if i.policy_url},
            "lags": {
                i.url: i.lag_working_days
                for i in self.interpretations.values()
                if i.lag_working_days is not None
            },
            "nontext_urls": [i.url for i in self.nontext],
            "other_channel_urls": [i.url for i in self.other_channel],
            "interpretation_columns": self.interpretation_columns,
            "policy_columns": self.policy_columns,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "figures": self.figures(),
            "policies": [p.to_json() for p in self.policies.values()],
            "interpretations": [i.to_json() for i in self.interpretations.values()],
            "notes": self.notes,
        }
