"""Build a unit's ``Site`` from its place, its plan, the seed and the as-of date."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import random
from functools import lru_cache

from sandbox import content
from sandbox.gen_extras import add_disclosure, add_home_links, add_inner_links
from sandbox.gen_policy import add_policies
from sandbox.layout import UnitPlace, all_places, real_places
from sandbox.model import BASIC, NEWS, NOTICE, Column, Item, Site
from sandbox.plan import placed, plan_for
from sandbox.rng import derive, rng_for
from sandbox.timeline import DAY, timeline_for

_TRS_SEGMENT = {"zn": "zfxxgkzn", "zd": "zfxxgkzd", "nb": "zfxxgknb", "ml": "zfxxgkml"}
STALE_ORDER = ("xzdt", "tpxw", "bmdt", "tzgg", "zwyw")
STALE_MIXED = ("xzdt", "rsxx", "tzgg", "ghjh", "tjxx")
BLANK_EXTRAS = (
    ("zxzj", "专项资金"), ("zfcg", "政府采购"), ("zdxm", "重大项目"), ("jyta", "建议提案办理"),
    ("yjgl", "应急管理"), ("sgs", "双随机一公开"),
)  # fmt: skip


class Builder:
    def __init__(self, place: UnitPlace, seed: int, as_of: dt.date, scale: int = 1) -> None:
        self.site = Site(place=place, plan=plan_for(seed, place.id), seed=seed, as_of=as_of)
        self.scale = scale
        self.next_id = 10000 + derive(seed, place.id, "ids") % 80000 * 10
        self.colno = 1000 + derive(seed, place.id, "cols") % 9000

    def rng(self, *keys: object) -> random.Random:
        return rng_for(self.site.seed, self.site.place.id, *keys)

    def new_id(self) -> int:
        self.next_id += 1 + self.rng("gap", self.next_id).randrange(3)
        return self.next_id

    def add_column(self, key: str, name: str, ctype: str, parent: str | None) -> Column:
        self.colno += 1 + self.rng("colgap", key).randrange(4)
        parent_path = self.site.columns[parent].path if parent else ""
        col = Column(key, name, ctype, parent, [], self.colno, parent_path + _TRS_SEGMENT.get(key, key) + "/")
        self.site.columns[key] = col
        return col

    def add_item(self, col: Column, title: str, date: dt.date, kind: str = "article", **data: object) -> Item:
        item = Item(self.new_id(), col.key, title, date, kind, dict(data))
        assert isinstance(col.items, list)
        col.items.append(item)
        self.site.items[item.id] = item
        return item

    def dates(self, key: str, newest: dt.date, count: int, gap: tuple[int, int]) -> list[dt.date]:
        rng = self.rng("dates", key)
        out, day = [], newest
        for _ in range(count):
            out.append(day)
            day -= DAY * rng.randint(*gap)
        return out


def build_site(place: UnitPlace, seed: int, as_of: dt.date, scale: int = 1) -> Site:
    b = Builder(place, seed, as_of, scale)
    site, plan = b.site, b.site.plan
    rng = b.rng("site")
    county = place.unit_class == "A"
    stale = set(STALE_ORDER if plan.stale_columns >= 5 else [])
    if 0 < plan.stale_columns < 5:
        stale = set(b.rng("stale").sample(STALE_MIXED, plan.stale_columns))
    if plan.homepage_stale:
        stale |= {"zwyw", "bmdt", "xzdt", "tpxw"}

    b.add_column("xwzx", "新闻中心", "landing", None)
    news_cols = [
        ("zwyw", "政务要闻" if county else "工作动态"),
        ("bmdt", "部门动态" if county else "通知动态"),
        ("xzdt", "乡镇动态" if county else "基层动态"),
        ("tpxw", "图片新闻"),
    ]
    for key, name in news_cols:
        col = b.add_column(key, name, NEWS, "xwzx")
        if key in stale:
            newest = as_of - DAY * b.rng("stale-news", key).randint(20, 60)
        elif plan.homepage_stale:
            newest = as_of - DAY * 16
        else:
            newest = as_of - DAY * b.rng("news", key).randint(0, 5)
        for day in b.dates(key, newest, rng.randint(10, 22) * scale, (1, 4)):
            b.add_item(col, content.news_title(b.rng("t", key, day), place.name), day)
    tzgg = b.add_column("tzgg", "通知公告", NOTICE, "xwzx")
    if "tzgg" in stale:
        newest = as_of - DAY * rng.randint(200, 260)
    elif plan.homepage_stale:
        newest = as_of - DAY * rng.randint(20, 40)
    else:
        newest = as_of - DAY * rng.randint(1, 10)
    for day in b.dates("tzgg", newest, rng.randint(6, 16) * scale, (5, 20)):
        b.add_item(tzgg, content.notice_title(b.rng("t", "tzgg", day), day.year), day)

    # 政府信息公开 (or a plain 政务公开 column when the statutory column is missing)
    if plan.column_missing:
        root = b.add_column("zwgk", "政务公开", "landing", None)
        statutory_parent = root.key
    else:
        root = b.add_column("zfxxgk", "政府信息公开", "landing", None)
        if not plan.guide_missing:
            b.add_column("zn", "政府信息公开指南", "guide", root.key)
        if not plan.rules_missing:
            b.add_column("zd", "政府信息公开制度", "rules", root.key)
        if plan.statutory_missing:
            statutory_parent = b.add_column("zwgk", "政务公开", "landing", None).key
        else:
            statutory_parent = b.add_column("fdzdgknr", "法定主动公开内容", "landing", root.key).key
    basics = [
        ("jgzn", "机构职能"),
        ("rsxx", "人事信息"),
        ("ghjh", "规划计划"),
        ("czxx", "财政信息"),
        ("tjxx", "统计信息"),
    ]
    for key, name in basics:
        col = b.add_column(key, name, BASIC, statutory_parent)
        newest = as_of - DAY * (
            b.rng("basic", key).randint(400, 600) if key in stale else rng.randint(10, 150)
        )
        for day in b.dates(key, newest, rng.randint(3, 8) * scale, (30, 90)):
            b.add_item(col, content.basic_title(b.rng("t", key, day), key, place.name, day.year), day)
    for key, name in BLANK_EXTRAS[: plan.blank_columns]:
        b.add_column(key, name, BASIC, statutory_parent)
    add_policies(b, statutory_parent, stale)
    if not plan.column_missing:
        add_disclosure(b, root.key)
    add_consultation(b)
    add_home_links(b)
    add_inner_links(b)
    site.home_blocks = [("zwyw", 7), ("tzgg", 6), ("zcwj", 6), ("zcjd", 5)]
    return site


def add_consultation(b: Builder) -> None:
    site, plan, as_of = b.site, b.site.plan, b.site.as_of
    col = b.add_column("hdjl", "在线留言", "consult", None)
    rng = b.rng("consult")
    asked = as_of - DAY * rng.randint(0, 6)
    entries: list[tuple[dt.date, dt.date | None]] = [(asked, None)]  # newest: not yet answered, recent
    day = asked
    for _ in range(rng.randint(7, 11) * b.scale):
        day -= DAY * rng.randint(4, 15)
        entries.append((day, day + DAY * rng.randint(2, 12)))
    for n in range(plan.consult_unanswered):
        entries.append((as_of - DAY * (100 + 37 * n + rng.randint(0, 20)), None))
    entries.sort(key=lambda e: e[0], reverse=True)
    for index, (day, answered) in enumerate(entries):
        title, text = content.question(b.rng("q", index), index)
        b.add_item(
            col,
            title,
            day,
            "consult",
            question=text,
            answered=answered,
            reply=content.reply(site.place.full_name),
        )


@lru_cache(maxsize=64)
def generated_site(unit_id: str, seed: int, as_of: dt.date, extra_units: int = 0) -> Site:
    """The unit's site as generated for ``as_of``, before any change of the timeline (planters
    read this one: ``site_for`` itself consults the timeline)."""
    for place in real_places():
        if place.id == unit_id:
            return build_site(placed(seed, place), seed, as_of)
    for place in all_places(extra_units):
        if place.id == unit_id:
            return build_site(place, seed, as_of, scale=8)
    raise KeyError(unit_id)


@lru_cache(maxsize=64)
def _edited_site(unit_id: str, seed: int, as_of: dt.date, extra_units: int, version: dt.date) -> Site:
    site = copy.deepcopy(generated_site(unit_id, seed, as_of, extra_units))
    for change in timeline_for(seed, as_of).of(unit_id, version):
        if change.edit is not None:
            change.edit(site)
    return site


def site_for(
    unit_id: str, seed: int, as_of: dt.date, extra_units: int = 0, night: dt.date | None = None
) -> Site:
    """The unit's site served on ``night`` (default ``as_of``, the night it was generated for):
    the generated site with the timeline's changes up to that night; ``site.as_of`` is the night."""
    night = night or as_of
    version = timeline_for(seed, as_of).versions(unit_id, night)[-1] if night > as_of else as_of
    site = generated_site(unit_id, seed, as_of, extra_units)
    if version > as_of:
        site = _edited_site(unit_id, seed, as_of, extra_units, version)
    return site if site.as_of == night else dataclasses.replace(site, as_of=night)
