"""The circular's wording, shared by the DOCX, HTML and PDF renderings."""

from __future__ import annotations

from dataclasses import dataclass

from config.periods import quarter_label
from reports.circular_data import CircularData
from scoring.model import PROVISIONAL_MARK


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


def addressees() -> str:
    return "各县（市、区）人民政府，临汾经济开发区管委会，市直各有关单位："


def sections(data: CircularData) -> list[Section]:
    total = len(data.units)
    a = sum(1 for u in data.units if u.unit_class == "A")
    b = total - a
    nights = "、".join(data.nights) if data.nights else "（无记录）"
    passed, failed = len(data.passed), len(data.failed)
    undecided = total - passed - failed
    rate = 100.0 * passed / total if total else 0.0
    vetoed = [u for u in data.failed if u.vetoes]
    intro = Section(
        "一、检查基本情况",
        [
            f"根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）和全市政务公开工作考核安排，"
            f"{quarter_label(data.quarter)}对全市{total}个单位的政府网站开展了全覆盖检查，其中县（市、区）"
            f"政府网站{a}个、市直部门网站{b}个。",
            f"检查采用技术监测与人工复核相结合的方式，于{nights}对各网站进行抓取和监测，"
            "检查内容包括网站可用性、首页及栏目更新情况、链接可用性、暗链及违规链接、严重表述错误、"
            "互动回应、页面规范和传输安全等。每项问题均保存了网页原始记录（WARC）和截图，可供复核。",
        ],
    )
    result_lines = [
        f"本季度共检查网站{total}个，合格{passed}个，不合格{failed}个"
        + (f"，{undecided}个因技术原因未能判定" if undecided else "")
        + f"，合格率{rate:.1f}%。"
    ]
    if vetoed:
        names = "；".join(f"{u.name}（{'、'.join(u.vetoes)}）" for u in vetoed)
        result_lines.append(f"存在单项否决问题的网站：{names}。")
    top = [u for u in data.units if u.passed][:3]
    if top:
        result_lines.append(
            "检查得分排名靠前的单位：" + "、".join(f"{u.name}（{u.score:g}分）" for u in top) + "。"
        )
    if data.provisional:
        names = "；".join(f"{u.name}（{u.provisional}）" for u in data.provisional)
        result_lines.append(f"以下单位的得分{PROVISIONAL_MARK}，复核后另行通报：{names}。")
    if data.not_inspected:
        names = "；".join(f"{u.name}（{u.reason}）" for u in data.not_inspected)
        result_lines.append(
            f"以下{len(data.not_inspected)}个单位本季度无检查结果，{PROVISIONAL_MARK}：{names}。"
        )
    result_lines.append("各单位得分及排名见下表。")
    results = Section("二、检查结果", result_lines)
    problem_lines = []
    for category, count in data.problems_by_category().most_common():
        problem_lines.append(f"{category}：{count}处。")
    if not problem_lines:
        problem_lines.append("本季度检查未发现问题。")
    problem_lines.append("各单位问题明细见附件，每条问题均附有网址和发现时间。")
    problems = Section("三、存在的主要问题", problem_lines)
    still = data.still_open()
    rect_lines = [
        f"与{quarter_label(data.previous_quarter)}通报相比，已整改问题{len(data.fixed)}个，"
        f"仍未整改问题{len(still)}个。"
    ]
    if still:
        units = sorted({p.unit_name for p in still})
        rect_lines.append("上季度通报问题仍未整改的单位：" + "、".join(units) + "。")
    rectification = Section("四、整改落实情况", rect_lines)
    demands = Section(
        "五、工作要求",
        [
            f"请各单位对照附件所列问题逐项整改，于{data.deadline:%Y年%-m月%-d日}前完成整改，"
            "并将整改情况报市政府办公室。逾期未整改的，将在下季度通报中列明，并纳入年度政务公开工作考核"
            "（整改落实项）。",
            "各单位要落实网站主管主办责任，建立常态化自查机制，确保网站内容准确、更新及时、链接有效、安全可靠。",
        ],
    )
    return [intro, results, problems, rectification, demands]
