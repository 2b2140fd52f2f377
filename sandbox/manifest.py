"""The ground truth: every planted defect per unit, read back off the built sites.

Format: docs/checks.md. ``build_manifest(seed, as_of)`` is deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sandbox.cms import cms_for
from sandbox.cms.skeleton import missing_pubdate
from sandbox.externals import SPAM_HOSTS
from sandbox.generate import site_for
from sandbox.layout import real_places
from sandbox.model import NEWS, NOTICE, POLICY, Site
from sandbox.timeline import report_deadline, timeline_for
from sandbox.tls import validity

WINDOWS = {NEWS: 14, NOTICE: 180, POLICY: 180, "basic": 365}
SITE_ID = re.compile(r"^(\d{10}|bm\d{8})$")
IPV6_REASONS = {
    "ipv4_only": ["no_aaaa"],
    "aaaa_broken": ["ipv6_unreachable"],
    "content_differs": ["content_differs"],
    "v4_only_links": ["second_level_rate"],
    "unreachable": ["unreachable"],
}
ILLEGAL_KEYWORDS = ("博彩", "百家乐", "代开发票", "娱乐城")


def build_manifest(
    seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15), night: dt.date | None = None
) -> dict[str, Any]:
    """The defects served on ``night`` (default: ``as_of``, the night the sites are generated
    for), and the timeline's changes up to that night (``changes``, oldest first)."""
    night = night or as_of
    units = {}
    for place in real_places():
        units[place.id] = unit_manifest(site_for(place.id, seed, as_of, night=night))
    changes = [c.describe() for c in timeline_for(seed, as_of).changes if c.night <= night]
    return {"seed": seed, "as_of": night.isoformat(), "generated_for": as_of.isoformat(),
            "changes": changes, "units": units}  # fmt: skip


def unit_manifest(site: Site) -> dict[str, Any]:
    place, plan = site.place, site.plan
    scenario = plan.ipv6
    verdict = "not_ready" if scenario in IPV6_REASONS else "ready"
    entry: dict[str, Any] = {
        "name": place.full_name,
        "class": place.unit_class,
        "homepage": place.homepage,
        "scope": [place.homepage],
        "cms": place.cms,
        "encoding": place.encoding,
        "ipv6": {"verdict": verdict, "scenario": scenario},
    }
    ipv6_defect = {"check": "ipv6.readiness", "url": None, "value": {"verdict": "not_ready",
                   "reasons": IPV6_REASONS.get(scenario, [])}}  # fmt: skip
    if plan.unreachable:
        entry.update(
            defects=[
                {
                    "check": "inspection.unreachable",
                    "url": place.homepage,
                    "value": {"failure_rate": 1.0, "probes": None},
                },
                ipv6_defect,
            ],
            note="unreachable: every connection is reset; only inspection.unreachable and ipv6.readiness are expected",
            interpretation=None,
            inspection={"passed": False, "vetoes": ["unreachable"]},
            hazards=[],
            doclist={"file": None, "planted": []},
            columns=[],
        )
        return entry
    defects: list[dict[str, Any]] = []
    defects += disclosure_defects(site)
    if verdict == "not_ready":
        defects.append(ipv6_defect)
    figures, interp_defects = interpretation(site)
    defects += interp_defects
    inspection_defects, vetoes = inspection(site)
    defects += inspection_defects
    cms = cms_for(place.cms)
    planted = []
    for p in site.doclist_planted:
        url = None
        if "item" in p:
            url = cms.item_url(site, site.items[p["item"]])
        elif "broken" in p:
            url = broken_url(site, p["broken"])
        planted.append({"check": p["check"], "url": url, "value": p["value"]})
    entry.update(
        defects=defects,
        interpretation=figures,
        inspection={"passed": not vetoes, "vetoes": vetoes},
        hazards=list(site.hazards),
        doclist={"file": f"doclists/{place.id}.xlsx", "planted": planted},
        columns=[
            {
                "url": cms.column_url(site, c),
                "name": c.name,
                "type": c.ctype,
                "items": len(c.items),
                "newest": c.newest.isoformat() if c.newest else None,
            }
            for c in site.columns.values()
        ],
    )
    return entry


def broken_url(site: Site, policy_id: int) -> str:
    url = cms_for(site.place.cms).item_url(site, site.items[policy_id])
    return url.replace(str(policy_id), f"{policy_id}0", 1)


def disclosure_defects(site: Site) -> list[dict[str, Any]]:
    cms, plan, cols, as_of = cms_for(site.place.cms), site.plan, site.columns, site.as_of
    out: list[dict[str, Any]] = []

    def add(check: str, url: str | None = None, **value: Any) -> None:
        out.append({"check": f"disclosure.{check}", "url": url, "value": value})

    if plan.column_missing:
        add("column_missing")
    if "zn" not in cols:
        add("guide_missing")
    else:
        guide = cols["zn"].items[0]
        if guide.data.get("stale"):
            add(
                "guide_stale",
                cms.item_url(site, guide),
                reason=guide.data["stale"],
                date=guide.date.isoformat(),
            )
        if guide.data.get("missing"):
            add("guide_incomplete", cms.item_url(site, guide), missing=list(guide.data["missing"]))
    if "zd" not in cols:
        add("rules_missing")
    if "fdzdgknr" not in cols:
        add("statutory_missing")
    year = as_of.year - 1
    reports = {it.data["year"]: it for it in cols["nb"].items} if "nb" in cols else {}
    deadline = report_deadline(year, site.place.unit_class)
    if year not in reports and as_of > deadline:
        add("annual_report_missing", year=year)
    for it in reports.values():
        url = (
            cms.item_url(site, it)
            if it.data["format"] == "html"
            else cms.file_url(site, it, it.data["format"])
        )
        if it.date > it.data["deadline"]:
            add("annual_report_late", cms.item_url(site, it), year=it.data["year"], published=it.date.isoformat(),
                deadline=it.data["deadline"].isoformat())  # fmt: skip
        if it.data["report"]["rules"]:
            add("annual_report_arithmetic", url, year=it.data["year"], rules=list(it.data["report"]["rules"]))
        if it.data["report"]["blank_cells"]:
            add(
                "annual_report_blank_cells", url, year=it.data["year"], cells=it.data["report"]["blank_cells"]
            )
    if "ml" not in cols:
        add("catalogue_missing")
    else:
        url = cms.column_url(site, cols["ml"])
        newest = max(site.items[i].date for i, _ in site.catalogue)
        if (as_of - newest).days > 180:
            add("catalogue_stale", url, newest=newest.isoformat(), days=(as_of - newest).days)
        unclassified = sum(1 for _, ok in site.catalogue if not ok)
        if unclassified:
            add("catalogue_unclassified", url, entries=unclassified)
    if "ysqgk" not in cols:
        add("request_channel_missing")
    return out


def interpretation(site: Site) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    cms = cms_for(site.place.cms)
    policies = [it for it in site.items.values() if it.kind == "policy"]
    interps = [it for it in site.items.values() if it.kind == "interp"]
    total = len(interps)
    nontext = sum(1 for it in interps if it.data["form"] != "text")
    other = sum(1 for it in interps if it.data.get("channel"))
    figures = {
        "policies": len(policies),
        "interpretations": total,
        "nontext": nontext,
        "nontext_share": round(nontext / total, 4) if total else None,
        "other_channel": other,
        "channel_share": round(other / total, 4) if total else None,
        "forms": {cms.item_url(site, it): it.data["form"] for it in interps},
        "links": {
            cms.item_url(site, it): cms.item_url(site, site.items[it.data["policy"]]) for it in interps
        },
        "lags": {cms.item_url(site, it): it.data["lag"] for it in interps},
        "without_interpretation": [cms.item_url(site, p) for p in policies if p.data["interp"] == "missing"],
        "stated_reason": [cms.item_url(site, p) for p in policies if p.data["interp"] == "reason"],
        "channels": {cms.item_url(site, it): it.data["channel"] for it in interps if it.data.get("channel")},
    }
    out: list[dict[str, Any]] = []
    for p in policies:
        if p.data["interp"] == "missing":
            out.append({"check": "interpretation.missing", "url": cms.item_url(site, p),
                        "value": {"doc_number": p.data["doc_number"]}})  # fmt: skip
    for it in interps:
        if it.data["lag"] > 3:
            policy_url = cms.item_url(site, site.items[it.data["policy"]])
            out.append({"check": "interpretation.late", "url": cms.item_url(site, it),
                        "value": {"policy_url": policy_url, "lag_working_days": it.data["lag"]}})  # fmt: skip
    if total and nontext / total < 0.70:
        out.append({"check": "interpretation.nontext_share", "url": None,
                    "value": {"share": round(nontext / total, 4), "nontext": nontext, "total": total}})  # fmt: skip
    if total and other / total < 0.50:
        out.append({"check": "interpretation.channel_share", "url": None,
                    "value": {"share": round(other / total, 4), "other_channel": other, "total": total}})  # fmt: skip
    return figures, out


def inspection(site: Site) -> tuple[list[dict[str, Any]], list[str]]:
    cms, as_of, home = cms_for(site.place.cms), site.as_of, site.place.homepage
    out: list[dict[str, Any]] = []
    vetoes: list[str] = []

    def add(check: str, url: str | None, **value: Any) -> None:
        out.append({"check": f"inspection.{check}", "url": url, "value": value})

    shown = [it for key, n in site.home_blocks if key in site.columns
             for it in sorted(site.columns[key].items, key=lambda i: i.date, reverse=True)[:n]]  # fmt: skip
    newest = max(it.date for it in shown)
    if (as_of - newest).days > 14:
        add("homepage_stale", home, newest=newest.isoformat(), days=(as_of - newest).days)
        vetoes.append("homepage_stale")
    stale_combined = stale_any = blank = 0
    for col in site.columns.values():
        if not col.windowed:
            continue
        if not col.items:
            add("column_blank", cms.column_url(site, col))
            blank += 1
            continue
        assert col.newest is not None
        days = (as_of - col.newest).days
        if days > WINDOWS[col.ctype]:
            add(
                "column_stale",
                cms.column_url(site, col),
                type=col.ctype,
                newest=col.newest.isoformat(),
                days=days,
            )
            stale_any += 1
            stale_combined += col.ctype in (NEWS, NOTICE, POLICY)
    if stale_combined >= 5 or stale_any >= 10:
        vetoes.append("columns_stale")
    if blank >= 5:
        vetoes.append("columns_blank")
    for link in site.home_links:
        _link_defects(add, link, home, "homepage")
    for item_id, links in site.inner_links.items():
        for link in links:
            _link_defects(add, link, cms.item_url(site, site.items[item_id]), "inner")
    if any(link.hidden for link in site.home_links):
        vetoes.append("illegal_link")
    for item_id, (wrong, right, context) in site.wording.items():
        add(
            "wording_error",
            cms.item_url(site, site.items[item_id]),
            wrong=wrong,
            right=right,
            context=context,
        )
        vetoes.append("wording_error")
    unanswered = False
    for it in site.items.values():
        if it.kind == "consult" and it.data.get("answered") is None and (as_of - it.date).days > 90:
            add(
                "consultation_unanswered",
                cms.item_url(site, it),
                asked=it.date.isoformat(),
                days=(as_of - it.date).days,
            )
            unanswered = True
    if unanswered:
        vetoes.append("consultation_unanswered")
    meta = _meta_missing(site)
    if meta:
        add("meta_missing", None, **meta)
    if site.site_id is None or not SITE_ID.match(site.site_id):
        add("site_id_invalid", home, found=site.site_id)
    if site.place.scheme == "https" and site.plan.tls:
        _, not_after = validity(site.plan.tls, as_of)
        add("tls", home, problem=site.plan.tls, not_after=not_after.isoformat())
    return out, vetoes


def _link_defects(add: Any, link: Any, on: str, where: str) -> None:
    if link.status == 404 or link.error:
        value = {"on": on, "where": where}
        value.update({"status": link.status} if link.status else {"error": link.error})
        add("dead_link", link.url, **value)
    elif link.status in (403, 429):
        add("blocked_link", link.url, on=on, status=link.status)
    if link.hidden:
        add("hidden_link", link.url, on=on, method=link.hidden)
        host = link.url.split("/")[2]
        matched = next((k for k in ILLEGAL_KEYWORDS if k in link.text), host if host in SPAM_HOSTS else None)
        add("illegal_link", link.url, on=on, matched=matched)


def _meta_missing(site: Site) -> dict[str, Any] | None:
    plan = site.plan
    articles = list(site.items.values())
    counts: dict[str, int] = {}
    pages = 0
    for it in articles:
        if plan.meta in ("none", "no_article"):
            missing = ["ArticleTitle", "PubDate", "ContentSource"]
        elif missing_pubdate(site, it):
            missing = ["PubDate"]
        else:
            missing = []
        if missing:
            pages += 1
            for tag in missing:
                counts[tag] = counts.get(tag, 0) + 1
    return {"pages": pages, "missing": counts} if pages else None
