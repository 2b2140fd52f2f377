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
from dataclasses import dataclass, field, replace
from typing import Any

from pages.guide_sections import Section, read_sections

# element → (name, patterns any of which proves it in a sentence)
ARTICLE_12: dict[str, tuple[str, tuple[str, ...]]] = {
    "classification": ("分类", (r"分为主动公开和依申请公开", r"信息分类", r"分类", r"公开范围", r"公开内容")),
    "arrangement": ("编排体系", (r"编排体系", r"编排方式", r"排列方式", r"编排")),
    "how_to_obtain": (
        "获取方式",
        (
            r"获取方式",
            r"公开渠道",
            r"公开方式",
            r"申请方式",
            r"查阅",
            r"获取.{0,6}信息",
            r"在线申请",
            r"书面申请",
        ),
    ),
    "office_name": ("机构名称", (r"受理机构", r"工作机构", r"主管部门", r"机构名称", r"受理.{0,12}机构")),
    "address": ("办公地址", (r"(?:办公|通信|通讯|联系)?地址[:：]",)),
    "hours": ("办公时间", (r"(?:办公|受理|咨询|接待|工作)时间[:：]", r"周一至周五")),
    "phone": ("联系电话", (r"(?:联系|咨询|办公)?电话[:：]?\s*[\d(（]",)),
    "fax": ("传真号码", (r"传真(?:号码|电话)?[:：]?\s*[\d(（]",)),
    "internet": (
        "互联网联系方式",
        (
            r"电子邮箱",
            r"邮箱[:：]",
            r"[\w.-]+[@＠][\w-]+\.\w+",
            r"www\.",
            r"https?://",
            r"网上申请",
            r"在线申请",
        ),
    ),
}
# Where each element belongs in the guide's layout (pages.guide_sections roles): the office's
# particulars in the part on the office or on requests; the preamble also speaks for the office.
ELEMENT_HOMES: dict[str, tuple[str, ...]] = {
    "classification": ("proactive",),
    "arrangement": ("proactive",),
    "how_to_obtain": ("proactive", "request"),
    **{
        key: ("office", "request", "preamble")
        for key in ("office_name", "address", "hours", "phone", "fax", "internet")
    },
}
# Headings that state an element by themselves ("（三）编排体系" followed by its content).
ELEMENT_HEADINGS: dict[str, re.Pattern[str]] = {
    "classification": re.compile(r"公开范围|公开内容|信息分类|分类|公开目录"),
    "arrangement": re.compile(r"编排"),
    "how_to_obtain": re.compile(r"公开渠道|公开方式|获取方式|申请方式|申请的提出|提出申请|查阅"),
    "office_name": re.compile(r"工作机构|受理.{0,12}机构|公开机构"),
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
    status: str = ""  # elements: "found" | "missing" | "undecided"
    section: str | None = None  # the part of the guide the sentence is in, or why undecided

    def to_json(self) -> dict[str, Any]:
        data = {"key": self.key, "name": self.name, "found": self.found, "sentence": self.sentence}
        return data | ({"status": self.status, "section": self.section} if self.status else {})


@dataclass(frozen=True)
class GuideContent:
    elements: tuple[Proof, ...]
    changes_2019: tuple[Proof, ...]
    traits_2008: tuple[Proof, ...]  # found ones only
    era: str | None  # "2019" | "2008" | None (undecided)
    era_reason: str
    missing: tuple[str, ...] = field(default_factory=tuple)  # element keys proven absent
    undecided: tuple[str, ...] = field(default_factory=tuple)  # element keys neither found nor missing
    structure: tuple[str, ...] | None = None  # the headings read; None: no structure readable

    def to_json(self) -> dict[str, Any]:
        return {
            "era": self.era,
            "era_reason": self.era_reason,
            "structure": list(self.structure) if self.structure is not None else None,
            "elements": [proof.to_json() for proof in self.elements],
            "changes_2019": [proof.to_json() for proof in self.changes_2019],
            "traits_2008": [proof.to_json() for proof in self.traits_2008],
            "missing": list(self.missing),
            "undecided": list(self.undecided),
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


def _element(key: str, sections: list[Section] | None, lines: list[str]) -> Proof:
    """One Article 12 element: found where the guide's layout puts it, missing when the layout
    is read and the element is nowhere, undecided otherwise (each with where it looked)."""
    name, patterns = ARTICLE_12[key]
    if sections is None:
        proof = _prove(key, name, patterns, lines)
        if proof.found:
            return replace(proof, status="found", section="（未分章节）")
        return Proof(
            key, name, False, None, "undecided", "指南无可辨认的章节结构（一、二、……），无法判定是否缺少"
        )
    order = ELEMENT_HOMES[key]  # most fitting part first: the office's before the preamble
    ranked = [
        (min(order.index(r) for r in roles), n, s)
        for n, s in enumerate(sections)
        if (roles := s.roles() & set(order))
    ]
    homes = [s for _, _, s in sorted(ranked)]
    heading = ELEMENT_HEADINGS.get(key)
    for section in homes + [s for s in sections if s not in homes]:
        if heading and heading.search(section.heading) and section.lines:
            return Proof(
                key, name, True, f"{section.heading}：{section.lines[0]}"[:200], "found", section.path
            )
    for section in homes:
        proof = _prove(key, name, patterns, sentences("\n".join(section.lines)))
        if proof.found:
            return replace(proof, status="found", section=section.path)
    for section in sections:
        proof = _prove(key, name, patterns, sentences("\n".join(section.lines)))
        if proof.found:  # said, but in a part about something else (an archive's phone, a 监督 body)
            return replace(
                proof, found=False, status="undecided", section=f"仅见于“{section.path}”，不在相应章节"
            )
    where = "、".join(s.path for s in homes) or "无相应章节"
    return Proof(key, name, False, None, "missing", f"已查：{where}")


def read_guide_content(text: str) -> GuideContent:
    lines = sentences(text)
    sections = read_sections(text)
    elements = tuple(_element(key, sections, lines) for key in ARTICLE_12)
    changes = tuple(_prove(k, name, pats, lines) for k, (name, pats) in CHANGES_2019.items())
    traits = tuple(p for k, (name, pats) in TRAITS_2008.items() if (p := _prove(k, name, pats, lines)).found)
    traits = tuple(p for p in traits if not (p.key == "cost_fees" and "处理费" in (p.sentence or "")))
    era, reason = _era(changes, traits)
    missing = tuple(p.key for p in elements if p.status == "missing")
    undecided = tuple(p.key for p in elements if p.status == "undecided")
    structure = tuple(s.path for s in sections if s.heading) if sections is not None else None
    return GuideContent(elements, changes, traits, era, reason, missing, undecided, structure)


def _era(changes: tuple[Proof, ...], traits: tuple[Proof, ...]) -> tuple[str | None, str]:
    if traits:
        return "2008", "仍有2008年《条例》的内容：" + "；".join(p.name for p in traits)
    found = [p.name for p in changes if p.found]
    if found:
        return "2019", "体现2019年《条例》：" + "；".join(found)
    return None, "既无2008年《条例》的内容，也无2019年修订的标志（711号令、延长20个工作日）：无法判定"
