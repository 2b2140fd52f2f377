"""Policy documents (政策文件), their interpretations (政策解读) and the year's document list."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from config.periods import is_workday
from config.periods import lag_working_days as workdays_between
from sandbox import content
from sandbox.model import POLICY, Item
from sandbox.timeline import DAY, add_workdays

if TYPE_CHECKING:
    from sandbox.generate import Builder

NONTEXT_FORMS = ("graphic", "video", "audio", "h5", "interview", "qa", "animation")
OTHER_CHANNELS = (
    ("微信公众号“临汾发布”", "http://mp.weixin.qq.com/s/"),
    ("新浪微博@临汾发布", "http://weibo.com/lfrelease/"),
    ("抖音号“临汾发布”", "http://www.douyin.com/video/"),
    ("今日头条“临汾发布”", "http://www.toutiao.com/article/"),
    ("临汾日报", None),
    ("临汾广播电视台", None),
)
REASON_TEXT = "本文件属于内部工作安排类文件，按照“谁起草、谁解读”原则，经审定不作解读。"


def _workday_back(day: dt.date) -> dt.date:
    while not is_workday(day):
        day -= DAY
    return day


def interp_title(form: str, policy_title: str) -> str:
    short = policy_title.split("关于", 1)[-1]
    return {
        "text": f"关于《{policy_title}》的解读",
        "graphic": f"一图读懂｜{short}",
        "video": f"视频解读：{short}",
        "audio": f"音频解读｜{short}",
        "h5": f"H5｜{short}",
        "interview": f"在线访谈：解读《{policy_title}》",
        "qa": f"《{policy_title}》问答",
        "animation": f"动漫解读：{short}",
    }[form]


def add_policies(b: Builder, parent: str, stale: set[str]) -> None:
    site, plan, as_of, place = b.site, b.site.plan, b.site.as_of, b.site.place
    zcwj = b.add_column("zcwj", "政策文件", POLICY, parent)
    zcjd = b.add_column("zcjd", "政策解读", "interp", None)
    rng = b.rng("policies")
    n_public = rng.randint(8, 12) * b.scale
    overuse = "attribute_overuse" in plan.doclist
    n_private = n_public if overuse else rng.randint(1, 2)
    total = n_public + n_private
    newest = as_of - DAY * rng.randint(25, 40) if plan.homepage_stale else as_of - DAY * rng.randint(2, 10)
    span = (newest - dt.date(as_of.year, 1, 6)).days
    step = max(1, span // total)
    dates = sorted(
        {_workday_back(newest - DAY * (i * step + rng.randint(0, max(0, step // 3)))) for i in range(total)}
    )
    total = len(dates)
    private = set(rng.sample(range(total - 1), min(n_private, total - 2)))  # the last number is public
    gap_at = total // 2 if "docnumber_gap" in plan.doclist else None
    public_idx = [i for i in range(total) if i not in private]
    not_on_site = public_idx[len(public_idx) // 2] if "missing_from_site" in plan.doclist else None
    docs: list[dict[str, Any]] = []
    number = 0
    offset = rng.randrange(20)
    for i, day in enumerate(dates):
        number += 2 if gap_at is not None and i == gap_at else 1
        attribute = "主动公开"
        if i in private:
            attribute = "依申请公开" if rng.random() < 0.6 else "不予公开"
        title = content.policy_title(b.rng("ptitle", i), place.full_name, i + offset)
        doc = {
            "number": number,
            "doc_number": f"{place.issuer}〔{day.year}〕{number}号",
            "title": title,
            "attribute": attribute,
            "date": day,
            "policy": None,
            "interp": None,
            "listed": True,
            "dept": place.full_name + ("办公室" if i % 3 else ""),
        }
        docs.append(doc)
        if attribute != "主动公开" or i == not_on_site:
            continue
        written = day - DAY * rng.randint(3, 10)
        index_number = f"{_org_code(b)}/{day.year}-{number:05d}"
        item = b.add_item(
            zcwj, title, day, "policy", doc_number=doc["doc_number"], index_number=index_number,
            written=written, issuer_org=doc["dept"], interp="ok",
        )  # fmt: skip
        doc["policy"] = item.id
    assert isinstance(zcwj.items, list)
    zcwj.items.sort(key=lambda it: it.date, reverse=True)
    policies = sorted(zcwj.items, key=lambda it: it.date)
    _plan_interpretations(b, policies)
    _make_interpretations(b, zcjd.key, policies)
    _plan_doclist(b, docs)
    site.docs = docs
    if gap_at is not None:
        missing = docs[gap_at]["number"] - 1
        site.doclist_planted.append(
            {
                "check": "doclist.docnumber_gap",
                "value": {"issuer": place.issuer, "year": as_of.year, "missing": [missing]},
            }
        )
    if overuse:
        share = sum(d["attribute"] != "主动公开" for d in docs) / len(docs)
        site.doclist_planted.append(
            {"check": "doclist.attribute_overuse", "value": {"share": round(share, 3)}}
        )
    del stale


def _org_code(b: Builder) -> str:
    return f"1114{b.rng('org').randrange(10**6, 10**7)}{b.site.place.id[:2].upper()}"


def _plan_interpretations(b: Builder, policies: list[Item]) -> None:
    plan, as_of = b.site.plan, b.site.as_of
    rng = b.rng("interp-plan")
    free = list(policies)
    rng.shuffle(free)
    if rng.random() < 0.35 and len(free) > 4:
        free.pop().data["interp"] = "reason"
    for _ in range(plan.interp_missing):
        free.pop().data["interp"] = "missing"
    old = [p for p in free if (as_of - p.date).days > 60]
    for p in old[: plan.interp_late]:
        p.data["interp"] = "late"


def _make_interpretations(b: Builder, col_key: str, policies: list[Item]) -> None:
    site, plan = b.site, b.site.plan
    col = site.columns[col_key]
    rng = b.rng("interp")
    with_interp = [p for p in policies if p.data["interp"] in ("ok", "late")]
    total = len(with_interp)
    nontext = math.floor(0.4 * total) if plan.low_nontext else math.ceil(0.75 * total)
    other = math.floor(0.3 * total) if plan.low_channel else math.ceil(0.6 * total)
    forms = [NONTEXT_FORMS[(i + rng.randrange(7)) % 7] for i in range(nontext)] + ["text"] * (total - nontext)
    rng.shuffle(forms)
    channels = [True] * other + [False] * (total - other)
    rng.shuffle(channels)
    for k, (policy, form, on_other) in enumerate(zip(with_interp, forms, channels, strict=True)):
        if policy.data["interp"] == "late":
            day = add_workdays(policy.date, rng.randint(6, 15))
        else:
            day = add_workdays(policy.date, rng.randint(0, 2))
        day = min(day, site.as_of)
        channel = None
        channel_url = None
        if on_other:
            name, prefix = OTHER_CHANNELS[(k + rng.randrange(6)) % len(OTHER_CHANNELS)]
            channel = name
            channel_url = f"{prefix}{b.rng('ch', k).randrange(10**9, 10**10)}" if prefix else None
        mode = rng.choices(["link+number", "link", "number"], [6, 3, 1])[0]
        item = b.add_item(
            col, interp_title(form, policy.title), day, "interp", policy=policy.id, form=form,
            channel=channel, channel_url=channel_url, link_mode=mode, lag=workdays_between(policy.date, day),
        )  # fmt: skip
        policy.data["interp_id"] = item.id
    assert isinstance(col.items, list)
    col.items.sort(key=lambda it: it.date, reverse=True)


def _plan_doclist(b: Builder, docs: list[dict[str, Any]]) -> None:
    site, plan = b.site, b.site.plan
    for doc in docs:
        if doc["policy"] is not None:
            policy = site.items[doc["policy"]]
            doc["interp"] = policy.data.get("interp_id")
    public = [d for d in docs if d["attribute"] == "主动公开"]
    rng = b.rng("doclist")
    if "missing_from_list" in plan.doclist:
        last = public[-1]
        if last["policy"] is not None:
            last["listed"] = False
            site.doclist_planted.append(
                {
                    "check": "doclist.missing_from_list",
                    "item": last["policy"],
                    "value": {"doc_number": last["doc_number"]},
                }
            )
    if "missing_from_site" in plan.doclist:
        for doc in public:
            if doc["policy"] is None:
                site.doclist_planted.append(
                    {"check": "doclist.missing_from_site", "value": {"doc_number": doc["doc_number"]}}
                )
    if "false_text_claim" in plan.doclist:
        candidates = [d for d in public if d["interp"] and site.items[d["interp"]].data["form"] != "text"]
        if candidates:
            doc = rng.choice(candidates)
            doc["false_text"] = True
            form = site.items[doc["interp"]].data["form"]
            site.doclist_planted.append(
                {
                    "check": "doclist.false_text_claim",
                    "item": doc["interp"],
                    "value": {"claimed": "text", "detected": form},
                }
            )
    if "link_broken" in plan.doclist:
        candidates = [d for d in public if d["policy"] is not None and d["listed"]]
        doc = rng.choice(candidates)
        doc["broken"] = True
        site.doclist_planted.append(
            {"check": "doclist.link_broken", "broken": doc["policy"], "value": {"status": 404}}
        )
