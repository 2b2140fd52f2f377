"""The disclosure sub-sections (guide, rules, annual reports, catalogue, requests) and the
planted links, hazards and wording errors of a unit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sandbox.externals import (
    BLOCKED_PATHS,
    DEAD_HOST,
    GOV_LINKS,
    PORTAL_LINK,
    SPAM_HOSTS,
    SPAM_TEXTS,
    WORDING_ERRORS,
)
from sandbox.model import Link
from sandbox.reports import make_report
from sandbox.timeline import DAY, report_deadline

if TYPE_CHECKING:
    from sandbox.generate import Builder

GUIDE_ELEMENTS = ("name", "address", "hours", "phone", "fax", "online", "how_to_apply", "classification")


def add_disclosure(b: Builder, root: str) -> None:
    site, plan, as_of, place = b.site, b.site.plan, b.site.as_of, b.site.place
    rng = b.rng("disclosure")
    if "zn" in site.columns:
        col = site.columns["zn"]
        if plan.guide_stale == "dated_before_2019":
            day = dt.date(2018, rng.randint(3, 10), rng.randint(1, 28))
        elif plan.guide_stale == "cites_2008_regulations":
            day = as_of - DAY * rng.randint(60, 300)
        else:
            day = as_of - DAY * rng.randint(30, 300)
        missing = [e for e in GUIDE_ELEMENTS if e in plan.guide_incomplete]
        b.add_item(
            col, f"{place.full_name}政府信息公开指南", day, "guide", missing=missing, stale=plan.guide_stale
        )
    if "zd" in site.columns:
        col = site.columns["zd"]
        titles = ("政府信息公开工作制度", "政府信息公开保密审查制度", "依申请公开政府信息工作规程")
        for n, title in enumerate(titles[: rng.randint(2, 3)]):
            b.add_item(
                col, f"{place.full_name}{title}", as_of - DAY * (40 + 70 * n + rng.randint(0, 30)), "rules"
            )
    nb = b.add_column("nb", "政府信息公开年报", "report", root)
    for year in range(as_of.year - 3, as_of.year):
        if year == as_of.year - 1 and plan.report_missing:
            continue
        deadline = report_deadline(year, place.unit_class)
        if deadline >= as_of:
            continue
        latest = year == as_of.year - 1
        if latest and plan.report_late:
            published = deadline + DAY * rng.randint(30, 60)
        else:
            published = deadline - DAY * rng.randint(3, 25)
        fmt = plan.report_format if latest else rng.choice(["html", "html", "pdf", "docx"])
        report = make_report(
            b.rng("report", year),
            year,
            plan.report_arith if latest else [],
            plan.report_blank if latest else 0,
        )
        title = f"{place.full_name}{year}年政府信息公开工作年度报告"
        b.add_item(nb, title, published, "report", year=year, format=fmt, report=report, deadline=deadline)
    assert isinstance(nb.items, list)
    nb.items.sort(key=lambda it: it.date, reverse=True)
    if not plan.catalogue_missing:
        b.add_column("ml", "政府信息公开目录", "catalogue", root)
        entries = [
            it for it in site.items.values() if it.kind == "policy" or site.columns[it.col].ctype == "basic"
        ]
        entries.sort(key=lambda it: it.date, reverse=True)
        if plan.catalogue_stale:
            entries = [it for it in entries if (as_of - it.date).days > 200]
        entries = entries[:40]
        site.catalogue = [(it.id, n >= plan.catalogue_unclassified) for n, it in enumerate(entries)]
    if not plan.request_missing:
        b.add_column("ysqgk", "依申请公开", "request", root)


def add_home_links(b: Builder) -> None:
    site, plan, place = b.site, b.site.plan, b.site.place
    links = site.home_links
    for text, url in GOV_LINKS:
        links.append(Link(url, text))
    if place.host != "www.linfen.gov.cn":
        links.append(Link(PORTAL_LINK[1], PORTAL_LINK[0]))
    zone = place.host.removeprefix("www.")
    if plan.ipv6 == "v4_only_links":
        for host, text in ((f"zwfw.{zone}", "政务服务"), (f"data.{zone}", "数据开放")):
            for path, suffix in (("", ""), ("bszn/", "办事指南"), ("sjml/", "数据目录")):
                links.append(Link(f"http://{host}/{path}", text + suffix))
    rng = b.rng("home-links")
    for n in range(plan.dead_home):
        if n % 2 == 0:
            links.append(Link(site.url(f"zwgk/old{n}/index.shtml"), "旧版政务公开", status=404))
        else:
            links.append(Link(f"http://{DEAD_HOST}/", "原政府信息公开网", error="nxdomain"))
    for status in plan.blocked:
        if status == 403:
            token = rng.randrange(10**5, 10**6)
            links.append(
                Link(f"http://www.sxzwfw.gov.cn{BLOCKED_PATHS[403]}{token}.html", "网上办事大厅", status=403)
            )
    if plan.hidden:
        n = rng.randrange(len(SPAM_HOSTS))
        links.append(Link(f"http://{SPAM_HOSTS[n]}/", SPAM_TEXTS[n], hidden=plan.hidden))
    if plan.redirect_loop:
        links.append(Link(site.url("wsbs/login.jsp"), "网上办事（旧）", error="redirect loop"))
        site.hazards.append({"kind": "redirect_loop", "url": site.url("wsbs/login.jsp")})
    if plan.calendar:
        links.append(Link(site.url(f"calendar/?month={site.as_of:%Y-%m}"), "活动日历"))
        site.hazards.append({"kind": "calendar_trap", "url": site.url("calendar/")})
    if plan.slow:
        links.append(Link(site.url("sjcx/index.html"), "数据查询"))
        site.hazards.append({"kind": "slow", "url": site.url("sjcx/index.html"), "delay_s": 2.0})
    if plan.robots:
        links.append(Link(site.url("search/?q=政务公开"), "站内搜索"))
        site.robots_disallow.append(site.place.base + "search/")
        site.hazards.append({"kind": "robots_disallow", "url": site.url("search/")})


def add_inner_links(b: Builder) -> None:
    """Dead and blocked links on article pages, and the wording errors."""
    site, plan = b.site, b.site.plan
    rng = b.rng("inner-links")
    news = sorted(site.columns["bmdt"].items, key=lambda it: it.date, reverse=True)
    pool = list(news[2:14])
    rng.shuffle(pool)
    for n in range(plan.dead_inner):
        item = pool.pop()
        if n == 2:
            link = Link(f"http://{DEAD_HOST}/xxgk/{item.id}.html", "相关链接", error="nxdomain")
        else:
            link = Link(
                site.url(f"attach/{item.date:%Y%m}/P0{item.id}{n}.doc"), "附件：相关材料.doc", status=404
            )
        site.inner_links.setdefault(item.id, []).append(link)
    for status in plan.blocked:
        if status == 429:
            item = pool.pop()
            url = f"http://www.sxzwfw.gov.cn{BLOCKED_PATHS[429]}{item.id}.html"
            site.inner_links.setdefault(item.id, []).append(Link(url, "在线办理入口", status=429))
    if plan.wording:
        item = pool.pop()
        wrong = list(WORDING_ERRORS)[rng.randrange(len(WORDING_ERRORS))]
        site.wording[item.id] = (wrong, WORDING_ERRORS[wrong], f"深入学习贯彻{wrong}相关要求")
    if plan.meta == "none":
        site.meta_homepage = False
        site.site_id = None
    elif plan.site_id_invalid:
        site.site_id = "141000" + str(rng.randrange(100, 999))  # nine digits: invalid
    elif not site.place.on_portal:
        if site.place.unit_class == "A":
            site.site_id = f"14102{rng.randrange(10**4, 10**5)}"
        else:
            site.site_id = f"bm14{rng.randrange(10**5, 10**6)}"
