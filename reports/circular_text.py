"""The circular's wording, shared by the DOCX, HTML and PDF renderings.

Every sentence states what storage holds: counts from the stored inspection, a comparison
with the previous quarter only when that quarter's circular (or inspection) is stored, and
a tie at the top reported as the tie it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from config.periods import quarter_label
from reports.circular_data import CircularData
from reports.wording import chinese_date
from scoring.model import PROVISIONAL_MARK

ANNEX_TITLE = "政府网站检查发现问题清单"
TOP_NAMED = 5  # more units tied at the top than this are counted, not named


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


def nights_text(nights: list[str]) -> str:
    if not nights:
        return "（无抓取记录）"
    if len(nights) <= 3:
        return "、".join(chinese_date(n) for n in nights)
    return f"{chinese_date(nights[0])}至{chinese_date(nights[-1])}期间的{len(nights)}个夜间"


def category_counts(counts: Counter[str]) -> str:
    return "、".join(f"{category}{n}处" for category, n in counts.most_common())


def sections(data: CircularData) -> list[Section]:
    return [_intro(data), _results(data), _problems(data), _rectification(data), _demands(data)]


def _intro(data: CircularData) -> Section:
    total = len(data.units)
    a = sum(1 for u in data.units if u.unit_class == "A")
    return Section(
        "一、检查基本情况",
        [
            f"根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）和全市政务公开工作考核安排，"
            f"{quarter_label(data.quarter)}对全市{total}个单位的政府网站开展了全覆盖检查，其中县（市、区）"
            f"政府网站{a}个、市直部门网站{total - a}个。",
            f"检查采用技术监测与人工复核相结合的方式，于{nights_text(data.nights)}对各网站进行抓取和监测，"
            "检查内容包括网站可用性、首页及栏目更新情况、链接可用性、暗链及违规链接、严重表述错误、"
            "互动回应、页面规范和传输安全等。每项问题均保存了网页原始记录，可供复核。",
        ],
    )


def _results(data: CircularData) -> Section:
    total = len(data.units)
    passed, failed = len(data.passed), len(data.failed)
    undecided = total - passed - failed
    rate = 100.0 * passed / total if total else 0.0
    lines = [
        f"本季度共检查网站{total}个，合格{passed}个，不合格{failed}个"
        + (f"，{undecided}个因技术原因未能判定" if undecided else "")
        + f"，合格率{rate:.1f}%。"
    ]
    vetoed = [u for u in data.failed if u.vetoes]
    if vetoed:
        names = "；".join(f"{u.name}（{'、'.join(u.vetoes)}）" for u in vetoed)
        lines.append(f"存在单项否决问题的网站：{names}。")
    best, top = data.top_scorers()
    if len(top) == 1:
        lines.append(f"得分最高的是{top[0].name}（{best:g}分）。")
    elif 1 < len(top) <= TOP_NAMED:
        lines.append(f"{'、'.join(u.name for u in top)}{len(top)}个单位并列得分最高（{best:g}分）。")
    elif top:
        lines.append(f"共有{len(top)}个单位并列得分最高（{best:g}分）。")
    if data.provisional:
        names = "；".join(f"{u.name}（{u.provisional}）" for u in data.provisional)
        lines.append(f"以下单位的得分{PROVISIONAL_MARK}，复核后另行通报：{names}。")
    if data.not_inspected:
        names = "；".join(f"{u.name}（{u.reason}）" for u in data.not_inspected)
        lines.append(f"以下{len(data.not_inspected)}个单位本季度无检查结果，{PROVISIONAL_MARK}：{names}。")
    lines.append("各单位得分及排名见下表。")
    return Section("二、检查结果", lines)


def _problems(data: CircularData) -> Section:
    by_category = data.problems_by_category()
    if not by_category:
        return Section("三、存在的主要问题", ["本季度检查未发现问题。"])
    lines = [
        f"本季度共发现问题{len(data.problems)}处，涉及{len(data.problems_by_unit())}个单位。按问题类型分："
    ]
    lines += [f"{category}：{count}处。" for category, count in by_category.most_common()]
    lines.append("按单位分：")
    lines += [
        f"{unit.name}：{len(unit.problems)}处，其中{category_counts(counts)}。"
        if len(counts) > 1
        else f"{unit.name}：{category_counts(counts)}。"
        for unit, counts in data.problems_by_unit()
    ]
    lines.append("各单位问题明细见附件，每条问题均列明网址和发现时间。")
    return Section("三、存在的主要问题", lines)


def _rectification(data: CircularData) -> Section:
    previous = quarter_label(data.previous_quarter)
    if not (data.previous_circular or data.previous_inspected):
        return Section("四、整改落实情况", [f"{previous}无通报和检查记录，本期不作整改情况对比。"])
    basis = "通报" if data.previous_circular else "检查结果"
    still = data.still_open()
    unchecked = f"，未复查问题{len(data.unchecked)}个（本季度未能重新检查，待核实）" if data.unchecked else ""
    lines = [
        f"与{previous}{basis}相比，已整改问题{len(data.rectified)}个，仍未整改问题{len(still)}个{unchecked}。"
    ]
    if still:
        lines.append(
            f"{previous}{basis}所列问题仍未整改的单位："
            + "、".join(sorted({p.unit_name for p in still}))
            + "。"
        )
    return Section("四、整改落实情况", lines)


def _demands(data: CircularData) -> Section:
    return Section(
        "五、工作要求",
        [
            f"请各单位对照附件所列问题逐项整改，于{chinese_date(data.deadline)}前完成整改，"
            f"并将整改情况报{data.issuer}。逾期未整改的，将在下季度通报中列明，并纳入年度政务公开工作考核"
            "（整改落实项）。",
            "各单位要落实网站主管主办责任，建立常态化自查机制，确保网站内容准确、更新及时、链接有效、安全可靠。",
        ],
    )
