"""Which unit gets which planted defect: a seeded, balanced assignment.

A plan says what to plant; ``generate`` builds the site from it and ``manifest`` reads the
defects back off the built site, so the manifest describes what is really served.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from sandbox.layout import UnitPlace, real_places
from sandbox.rng import rng_for

CLEAN_UNITS = 7


@dataclass
class UnitPlan:
    unit_id: str
    clean: bool = False
    unreachable: bool = False
    # disclosure
    column_missing: bool = False
    guide_missing: bool = False
    guide_stale: str | None = None  # cites_2008_regulations | dated_before_2019
    guide_incomplete: list[str] = field(default_factory=list)
    rules_missing: bool = False
    statutory_missing: bool = False
    report_missing: bool = False
    report_late: bool = False
    report_arith: list[str] = field(default_factory=list)
    report_blank: int = 0
    report_format: str = "html"  # html | pdf | docx (the previous year's report)
    catalogue_missing: bool = False
    catalogue_stale: bool = False
    catalogue_unclassified: int = 0
    request_missing: bool = False
    # ipv6
    ipv6: str = "dual_stack"
    # interpretation
    interp_missing: int = 0
    interp_reason: int = 0
    interp_late: int = 0
    low_nontext: bool = False
    low_channel: bool = False
    # doclist
    doclist: list[str] = field(default_factory=list)
    # inspection
    homepage_stale: bool = False
    stale_columns: int = 0
    blank_columns: int = 0
    dead_home: int = 0
    dead_inner: int = 0
    blocked: list[int] = field(default_factory=list)
    hidden: str | None = None  # inline | class | script
    wording: bool = False
    consult_unanswered: int = 0
    meta: str = "full"  # full | no_article | none | partial
    site_id_invalid: bool = False
    https: bool = False  # the site is served over HTTPS only (http:// redirects to https://)
    tls: str | None = None  # expired | expiring (an https site's certificate, as of as_of)
    # hazards (not defects, except a redirect loop which is a dead link)
    calendar: bool = False
    redirect_loop: bool = False
    slow: bool = False
    robots: bool = False

    def load(self) -> int:
        score = 0
        for name, value in vars(self).items():
            if name in ("unit_id", "ipv6", "meta", "report_format", "clean"):
                continue
            score += 1 if value else 0
        return score + (self.ipv6 != "dual_stack") + (self.meta != "full")


Pred = Callable[[UnitPlace, UnitPlan], bool]


def _any(_: UnitPlace, __: UnitPlan) -> bool:
    return True


def _own_host(place: UnitPlace, _: UnitPlan) -> bool:
    return not place.on_portal


def _has_column(_: UnitPlace, plan: UnitPlan) -> bool:
    return not plan.column_missing


def _has_report(_: UnitPlace, plan: UnitPlan) -> bool:
    return not plan.column_missing and not plan.report_missing


def _has_catalogue(_: UnitPlace, plan: UnitPlan) -> bool:
    return not plan.column_missing and not plan.catalogue_missing


def _has_guide(_: UnitPlace, plan: UnitPlan) -> bool:
    return not plan.column_missing and not plan.guide_missing and not plan.guide_stale


# (what to set, how many units, who may get it); applied in order
_SPECS: list[tuple[str, object, int, Pred]] = [
    ("column_missing", True, 2, _any),
    ("guide_missing", True, 2, _has_column),
    ("guide_stale", "cites_2008_regulations", 2, _has_guide),
    ("guide_stale", "dated_before_2019", 1, _has_guide),
    ("guide_incomplete", ["fax", "hours"], 2, _has_guide),
    ("guide_incomplete", ["classification"], 1, _has_guide),
    ("rules_missing", True, 2, _has_column),
    ("statutory_missing", True, 2, _has_column),
    ("report_missing", True, 3, _has_column),
    ("report_late", True, 2, _has_report),
    ("report_arith", ["intake_balance"], 1, _has_report),
    ("report_arith", ["outcome_sum", "applicant_sum"], 1, _has_report),
    ("report_arith", ["review_sum"], 1, _has_report),
    ("report_arith", ["non_integer"], 1, _has_report),
    ("report_blank", 3, 2, _has_report),
    ("catalogue_missing", True, 2, _has_column),
    ("catalogue_stale", True, 2, _has_catalogue),
    ("catalogue_unclassified", 4, 2, _has_catalogue),
    ("request_missing", True, 2, _has_column),
    ("ipv6", "ipv4_only", 4, _own_host),
    ("ipv6", "aaaa_broken", 2, _own_host),
    ("ipv6", "content_differs", 2, _own_host),
    ("ipv6", "v4_only_links", 2, _own_host),
    ("interp_missing", 2, 3, _any),
    ("interp_missing", 1, 2, _any),
    ("interp_late", 1, 3, _any),
    ("interp_late", 2, 1, _any),
    ("low_nontext", True, 5, _any),
    ("low_channel", True, 5, _any),
    ("doclist", ["false_text_claim"], 3, _any),
    ("doclist", ["link_broken"], 3, _any),
    ("doclist", ["missing_from_list"], 3, _any),
    ("doclist", ["missing_from_site"], 3, _any),
    ("doclist", ["docnumber_gap"], 3, _any),
    ("doclist", ["attribute_overuse"], 2, _any),
    ("homepage_stale", True, 2, _any),
    ("stale_columns", 5, 1, _any),
    ("stale_columns", 1, 3, _any),
    ("stale_columns", 2, 2, _any),
    ("blank_columns", 5, 1, _any),
    ("blank_columns", 1, 3, _any),
    ("dead_home", 1, 4, _any),
    ("dead_home", 2, 1, _any),
    ("dead_inner", 1, 4, _any),
    ("dead_inner", 3, 1, _any),
    ("blocked", [403], 2, _any),
    ("blocked", [429], 2, _any),
    ("hidden", "inline", 1, _any),
    ("hidden", "class", 1, _any),
    ("hidden", "script", 1, _any),
    ("wording", True, 3, _any),
    ("consult_unanswered", 1, 3, _any),
    ("consult_unanswered", 2, 1, _any),
    ("meta", "none", 2, _own_host),
    ("meta", "no_article", 3, _own_host),
    ("meta", "partial", 2, _any),
    ("site_id_invalid", True, 3, _own_host),
    ("redirect_loop", True, 2, _any),
]
# hazards that are not defects may go to clean units too
_HAZARDS: list[tuple[str, int]] = [("calendar", 3), ("slow", 2), ("robots", 6)]
# a clean unit reached through a CNAME chain (ready); not a defect
_CNAME_UNITS = 3
# HTTPS-only units (own host, dual stack, not clean): one per certificate state; None = valid
TLS_STATES: tuple[str | None, ...] = ("expired", "expiring", None)


def _merge(plan: UnitPlan, name: str, value: object) -> None:
    current = getattr(plan, name)
    if isinstance(current, list) and isinstance(value, list):
        setattr(plan, name, [*current, *value])
    else:
        setattr(plan, name, value)


@lru_cache(maxsize=8)
def build_plans(seed: int) -> dict[str, UnitPlan]:
    places = real_places()
    plans = {p.id: UnitPlan(p.id) for p in places}
    rng = rng_for(seed, "plan")
    own_depts = [p for p in places if p.unit_class == "B" and not p.on_portal]
    unreachable = rng.choice(own_depts)
    plans[unreachable.id].unreachable = True
    plans[unreachable.id].ipv6 = "unreachable"
    rest = [p for p in places if p.id != unreachable.id]
    clean = rng.sample(rest, CLEAN_UNITS)
    for place in clean:
        plans[place.id].clean = True
    pool = [p for p in rest if not plans[p.id].clean]
    for name, value, count, pred in _SPECS:
        eligible = [p for p in pool if pred(p, plans[p.id]) and not _already(plans[p.id], name)]
        eligible.sort(key=lambda p: (plans[p.id].load(), rng.random()))
        for place in eligible[:count]:
            _merge(plans[place.id], name, list(value) if isinstance(value, list) else value)
    arith = [p for p in pool if plans[p.id].report_arith]
    for place, fmt in zip(arith, ["html", "pdf", "docx", "html"], strict=False):
        plans[place.id].report_format = fmt
    for place in rest:
        plan = plans[place.id]
        if not plan.report_arith and not plan.report_blank:
            plan.report_format = rng.choice(["html", "html", "html", "pdf", "docx"])
    for name, count in _HAZARDS:
        for place in rng.sample(rest, count):
            setattr(plans[place.id], name, True)
    dual = [p for p in rest if not p.on_portal and plans[p.id].ipv6 == "dual_stack"]
    for place in rng.sample(dual, min(_CNAME_UNITS, len(dual))):
        plans[place.id].ipv6 = "cname_chain"
    # A separate stream, so that adding HTTPS units left every other assignment as it was.
    tls_rng = rng_for(seed, "plan", "tls")
    secure = [
        p for p in rest if not p.on_portal and not plans[p.id].clean and plans[p.id].ipv6 == "dual_stack"
    ]
    for place, state in zip(tls_rng.sample(secure, len(TLS_STATES)), TLS_STATES, strict=True):
        plans[place.id].https, plans[place.id].tls = True, state
    return plans


def placed(seed: int, place: UnitPlace) -> UnitPlace:
    """``place`` with the scheme its plan serves it on (layout addresses are http://)."""
    if place.on_portal or not plan_for(seed, place.id).https:
        return place
    return dataclasses.replace(place, scheme="https")


def _already(plan: UnitPlan, name: str) -> bool:
    current = getattr(plan, name)
    if name in ("report_arith", "doclist"):
        return bool(current)  # one kind per unit keeps the ground truth simple
    if name == "ipv6":
        return bool(current != "dual_stack")
    if name == "meta":
        return bool(current != "full")
    return bool(current)


def plan_for(seed: int, unit_id: str) -> UnitPlan:
    plans = build_plans(seed)
    if unit_id in plans:
        return plans[unit_id]
    return synthetic_plan(seed, unit_id)


def synthetic_plan(seed: int, unit_id: str) -> UnitPlan:
    """Benchmark units: a light, seeded sprinkle of defects."""
    rng = rng_for(seed, "synthetic-plan", unit_id)
    plan = UnitPlan(unit_id)
    plan.dead_inner = rng.choice([0, 0, 1])
    plan.stale_columns = rng.choice([0, 0, 1])
    plan.interp_missing = rng.choice([0, 1])
    plan.calendar = rng.random() < 0.1
    return plan
