"""The default timeline: what happens on the simulated web after the demo's night.

Night base+1 changes nothing (an unchanged night: a second audit should be answered mostly
304 and find exactly what the first found). Night base+2 changes four units, one change each,
spread over the three CMS families:

- ``new_articles`` (modern): two news items in 政务要闻/工作动态, dated that night — lists
  and homepage blocks are filled by the JSON API, so the HTML shells stay the same;
- ``column_updated`` (TRS): a stale column gets an item dated that night (column_stale fixed);
- ``defect_fixed`` (Hanweb if one has it, else TRS): a dead homepage link is taken off;
- ``defect_planted`` (Hanweb): a new news item with a wording error.

Units are chosen from the plan by what they need (a stale column, a dead homepage link…),
in a family order of preference, never the unreachable unit, one change per unit; a seed
without such a unit has that change left out (the timeline lists what was planted).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from sandbox import content
from sandbox.cms import cms_for
from sandbox.externals import WORDING_ERRORS
from sandbox.generate import STALE_MIXED, generated_site
from sandbox.layout import real_places
from sandbox.model import NEWS, WINDOWED, Item, Site
from sandbox.plan import plan_for
from sandbox.rng import derive, rng_for
from sandbox.timeline import DAY, Change, planter

UNCHANGED_NIGHT = 1  # days after the base night
CHANGED_NIGHT = 2
WINDOW_DAYS = {NEWS: 14, "notice": 180, "policy": 180, "basic": 365}


def _new_id(salt: int) -> int:
    """An item id no generated item has (generated ids stay below 10 000 000)."""
    return 90_000_000 + salt


def content_rng(seed: int, site: Site, n: int) -> random.Random:
    return rng_for(seed, site.place.id, "night-item", n)


def _pick(
    seed: int, base: dt.date, families: tuple[str, ...], wanted: Callable[[Site], bool], taken: set[str]
) -> Site | None:
    """A unit of the first family (in ``families``' order) that has one meeting ``wanted``."""
    for cms in families:
        candidates = []
        for place in real_places():
            if place.cms != cms or plan_for(seed, place.id).unreachable or place.id in taken:
                continue
            site = generated_site(place.id, seed, base)
            if wanted(site):
                candidates.append(site)
        if candidates:
            candidates.sort(key=lambda s: (s.place.on_portal, derive(seed, "nights", s.place.id)))
            taken.add(candidates[0].place.id)
            return candidates[0]
    return None


def _fresh_news(site: Site) -> bool:
    col = site.columns.get("zwyw")
    return bool(col and col.newest and (site.as_of - col.newest).days <= 5 and not site.plan.homepage_stale)


def _night_item(seed: int, site: Site, key: str, n: int, night: dt.date) -> Item:
    title = content.news_title(content_rng(seed, site, n), site.place.name)
    return Item(_new_id(n), key, title, night)


def _add_item(site: Site, item: Item) -> None:
    """Publish a fresh copy of ``item`` on ``site`` (each night's site gets its own)."""
    copy = Item(item.id, item.col, item.title, item.date)
    col = site.columns[item.col]
    col.items = [*col.items, copy]
    site.items[copy.id] = copy


def new_articles(seed: int, base: dt.date, taken: set[str]) -> list[Change]:
    site = _pick(seed, base, ("modern", "trs", "hanweb"), _fresh_news, taken)
    if site is None:
        return []
    night = base + DAY * CHANGED_NIGHT
    items = [_night_item(seed, site, "zwyw", n, night) for n in (1, 2)]
    cms = cms_for(site.place.cms)
    col_name = site.columns["zwyw"].name

    def edit(target: Site) -> None:
        for item in items:
            _add_item(target, item)

    return [
        Change(night, site.place.id, "new_articles", f"{col_name}新增两篇文章", edit=edit,
               urls=tuple(cms.item_url(site, it) for it in items))
    ]  # fmt: skip


def _stale_column(site: Site) -> str | None:
    if site.plan.homepage_stale or not 0 < site.plan.stale_columns < 5:
        return None
    for key in STALE_MIXED:
        col = site.columns.get(key)
        if (
            col
            and col.ctype in WINDOWED
            and col.newest
            and (site.as_of - col.newest).days > WINDOW_DAYS[col.ctype]
        ):
            return key
    return None


def column_updated(seed: int, base: dt.date, taken: set[str]) -> list[Change]:
    site = _pick(seed, base, ("trs", "hanweb", "modern"), lambda s: _stale_column(s) is not None, taken)
    if site is None:
        return []
    key = _stale_column(site)
    assert key is not None
    night = base + DAY * CHANGED_NIGHT
    col = site.columns[key]
    item = _night_item(seed, site, key, 3, night)
    cms = cms_for(site.place.cms)

    def edit(target: Site) -> None:
        _add_item(target, item)

    url = cms.column_url(site, col)
    return [
        Change(night, site.place.id, "column_updated", f"长期未更新的栏目“{col.name}”发布新信息", edit=edit,
               expect={"removed": [("inspection.column_stale", url)]}, urls=(url, cms.item_url(site, item)))
    ]  # fmt: skip


def _dead_home_link(site: Site) -> str | None:
    return next((link.url for link in site.home_links if link.status == 404 and not link.hidden), None)


def defect_fixed(seed: int, base: dt.date, taken: set[str]) -> list[Change]:
    site = _pick(seed, base, ("hanweb", "trs", "modern"), lambda s: _dead_home_link(s) is not None, taken)
    if site is None:
        return []
    dead = _dead_home_link(site)
    assert dead is not None
    night = base + DAY * CHANGED_NIGHT

    def edit(target: Site) -> None:
        target.home_links = [link for link in target.home_links if link.url != dead]

    return [
        Change(night, site.place.id, "defect_fixed", "首页失效链接已删除", edit=edit,
               expect={"removed": [("inspection.dead_link", dead)]}, urls=(site.place.homepage,))
    ]  # fmt: skip


def defect_planted(seed: int, base: dt.date, taken: set[str]) -> list[Change]:
    site = _pick(
        seed, base, ("hanweb", "trs", "modern"), lambda s: _fresh_news(s) and s.plan.meta == "full", taken
    )
    if site is None:
        return []
    night = base + DAY * CHANGED_NIGHT
    wrong = sorted(WORDING_ERRORS)[derive(seed, "nights", "wording") % len(WORDING_ERRORS)]
    item = _night_item(seed, site, "zwyw", 4, night)
    url = cms_for(site.place.cms).item_url(site, item)

    def edit(target: Site) -> None:
        _add_item(target, item)
        target.wording[item.id] = (wrong, WORDING_ERRORS[wrong], f"深入学习贯彻{wrong}相关要求")

    return [
        Change(night, site.place.id, "defect_planted", "新发布的文章含错别字", edit=edit,
               expect={"added": [("inspection.wording_error", url)]}, urls=(url,))
    ]  # fmt: skip


@planter
def default_changes(seed: int, base: dt.date) -> list[Change]:
    taken: set[str] = set()
    changes: list[Change] = []
    for plant in (new_articles, column_updated, defect_fixed, defect_planted):
        changes += plant(seed, base, taken)
    return changes
