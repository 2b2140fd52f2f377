"""A 政府信息公开指南 judged by its content against the 2019 Regulations (国务院令第711号).

Article 12 names what a guide contains: the classification (分类), arrangement (编排体系) and ways
of obtaining information (获取方式), and the office's name, address, hours, phone, fax and
Internet contact. A current guide also reflects what 2019 changed: the new Regulations as its
basis, a reply within 20 working days extendable by 20 (2008: 15 and 15), no "三需要" condition
on requests (2008 Art. 13: 生产、生活、科研等特殊需要), no fees but the 信息处理费 for requests
beyond a reasonable number (2008: 检索、复制、邮寄等成本费用).

Each element is found or missing with the sentence that proves it; each 2008 trait found is
shown with its sentence. A keyword alone is weak evidence, so every proof is a whole sentence a
reader can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# element → (name, patterns any of which proves it)
ARTICLE_12: dict[str, tuple[str, tuple[str, ...]]] = {
    "classification": ("分类", (r"分为主动公开和依申请公开", r"信息分类", r"分类")),
    "arrangement": ("编排体系", (r"编排体系", r"编排方式", r"排列方式")),
    "how_to_obtain": ("获取方式", (r"获取方式", r"公开渠道", r"申请方式", r"查阅", r"获取.{0,6}信息")),
    "office_name": ("机构名称", (r"受理机构", r"工作机构", r"主管部门", r"机构名称")),
    "address": ("办公地址", (r"(?:办公|通信|通讯|联系)?地址[:：]",)),
    "hours": ("办公时间", (r"(?:办公|受理|咨询|接待)时间[:：]", r"周一至周五")),
    "phone": ("联系电话", (r"(?:联系|咨询)?电话[:：]?\s*[\d(（]",)),
    "fax": ("传真号码", (r"传真",)),
    "internet": (
        "互联网联系方式",
        (r"电子邮箱", r"邮箱[:：]", r"[\w.-]+[@＠][\w-]+\.\w+", r"www\.", r"https?://"),
    ),
}
# 2019 changes → (name, patterns of the 2019 reading)
CHANGES_2019: dict[str, tuple[str, tuple[str, ...]]] = {
    "basis_711": ("以国务院令第711号为依据", (r"第\s*711\s*号", r"2019年4月.{0,10}修订")),
    "twenty_days": ("20个工作日答复、可延长20个工作日", (r"延长.{0,20}(?:20|二十)个工作日",)),
}
# 2008 traits → (name, patterns)
TRAITS_2008: dict[str, tuple[str, tuple[str, ...]]] = {
    "cites_492": ("引用2008年《条例》（国务院令第492号）", (r"第\s*492\s*号",)),
    # the reply period, not the 15 days a third party has to answer (2019 Art. 32)
    "fifteen_days": (
        "15个工作日答复期限",
        (r"收到申请之日起(?:15|十五)个工作日", r"延长.{0,20}(?:15|十五)个工作日"),
    ),
    "three_needs": ("“三需要”申请条件", (r"生产、生活、科研等特殊需要",)),
    "cost_fees": ("收取检索、复制、邮寄等成本费用", (r"检索、复制、邮寄", r"成本费用", r"收费标准")),
}
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?\n])")


@dataclass(frozen=True)
class Proof:
    key: str
    name: str
    found: bool
    sentence: str | None = None  # the sentence that proves it, as written

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "found": self.found, "sentence": self.sentence}


@dataclass(frozen=True)
class GuideContent:
    elements: tuple[Proof, ...]
    changes_2019: tuple[Proof, ...]
    traits_2008: tuple[Proof, ...]  # found ones only
    era: str | None  # "2019" | "2008" | None (undecided)
    era_reason: str
    missing: tuple[str, ...] = field(default_factory=tuple)  # element keys not found

    def to_json(self) -> dict[str, Any]:
        return {
            "era": self.era,
            "era_reason": self.era_reason,
            "elements": [proof.to_json() for proof in self.elements],
            "changes_2019": [proof.to_json() for proof in self.changes_2019],
            "traits_2008": [proof.to_json() for proof in self.traits_2008],
            "missing": list(self.missing),
        }


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _prove(key: str, name: str, patterns: tuple[str, ...], lines: list[str]) -> Proof:
    for pattern in patterns:
        regex = re.compile(pattern)
        for sentence in lines:
            if regex.search(sentence):
                return Proof(key, name, True, sentence[:200])
    return Proof(key, name, False)


def read_guide_content(text: str) -> GuideContent:
    lines = sentences(text)
    elements = tuple(_prove(k, name, pats, lines) for k, (name, pats) in ARTICLE_12.items())
    changes = tuple(_prove(k, name, pats, lines) for k, (name, pats) in CHANGES_2019.items())
    traits = tuple(p for k, (name, pats) in TRAITS_2008.items() if (p := _prove(k, name, pats, lines)).found)
    traits = tuple(p for p in traits if not (p.key == "cost_fees" and "处理费" in (p.sentence or "")))
    era, reason = _era(changes, traits)
    missing = tuple(p.key for p in elements if not p.found)
    return GuideContent(elements, changes, traits, era, reason, missing)


def _era(changes: tuple[Proof, ...], traits: tuple[Proof, ...]) -> tuple[str | None, str]:
    if traits:
        return "2008", "仍有2008年《条例》的内容：" + "；".join(p.name for p in traits)
    found = [p.name for p in changes if p.found]
    if found:
        return "2019", "体现2019年《条例》：" + "；".join(found)
    return None, "既无2008年《条例》的内容，也无2019年修订的标志（711号令、延长20个工作日）：无法判定"
