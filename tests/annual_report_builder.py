"""Builds annual reports in the official layout (HTML, DOCX, PDF) from explicit figures, for tests.

The layout follows the official formats (rules.md §2): table 3 with merged label cells
(rowspan/colspan in HTML, merged cells in Word), table 4 with its three blocks. It does not use
the code under test.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

WITHHELD = (
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
)
UNABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
NOT_PROCESSED = (
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
)
OTHER_2021 = (
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
)
SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


@dataclass
class ReportSpec:
    year: int = 2019
    fmt: str = "2019"
    org: str = "临汾市测试局"
    # row key -> seven cells (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)
    overrides: dict[str, list[str]] = field(default_factory=dict)
    review: list[str] = field(
        default_factory=lambda: ["1", "1", "0", "0", "2"] + ["0"] * 5 + ["1", "0", "0", "1", "2"]
    )
    sections: tuple[int, ...] = (1, 2, 3, 4, 5, 6)

    def rows(self) -> list[tuple[str, str, str, list[str]]]:
        """(group label, item label, key, cells) in table order; group label '' for top rows."""
        zero = ["0"] * 7
        other = OTHER_2021 if self.fmt == "2021" else ()
        rows: list[tuple[str, str, str, list[str]]] = [
            ("", "一、本年新收政府信息公开申请数量", "new", ["10", "2", "0", "0", "0", "0", "12"]),
            ("", "二、上年结转政府信息公开申请数量", "carried_in", ["1", "0", "0", "0", "0", "0", "1"]),
            ("三、本年度办理结果", "（一）予以公开", "disclosed", ["6", "1", "0", "0", "0", "0", "7"]),
            ("三、本年度办理结果", "（二）部分公开", "partial", ["2", "0", "0", "0", "0", "0", "2"]),
        ]
        for group, key, items in (
            ("（三）不予公开", "withheld", WITHHELD),
            ("（四）无法提供", "unable", UNABLE),
        ):
            rows += [(group, f"{i}.{label}", f"{key}.{i}", list(zero)) for i, label in enumerate(items, 1)]
        rows += [
            ("（五）不予处理", f"{i}.{x}", f"not_processed.{i}", list(zero))
            for i, x in enumerate(NOT_PROCESSED, 1)
        ]
        if other:
            rows += [("（六）其他处理", f"{i}.{x}", f"other.{i}", list(zero)) for i, x in enumerate(other, 1)]
        else:
            rows.append(("三、本年度办理结果", "（六）其他处理", "other.1", list(zero)))
        rows += [
            ("三、本年度办理结果", "（七）总计", "total", ["9", "1", "0", "0", "0", "0", "10"]),
            ("", "四、结转下年度继续办理", "carried_out", ["2", "1", "0", "0", "0", "0", "3"]),
        ]
        # withheld.1 carries one more request so that the totals hold: 7 + 2 + 1 = 10
        rows = [
            (g, i, k, ["1", "0", "0", "0", "0", "0", "1"] if k == "withheld.1" else c) for g, i, k, c in rows
        ]
        return [(g, i, k, self.overrides.get(k, c)) for g, i, k, c in rows]


def _table2(fmt: str) -> str:
    if fmt == "2021":
        head = "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        return f"<table border=1><tr><td colspan=4>第二十条第（一）项</td></tr>{head}<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>"
    head = "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
    return f"<table border=1><tr><td colspan=4>第二十条第（一）项</td></tr>{head}<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>"


def _table3(spec: ReportSpec) -> str:
    out = [
        "<table border=1>",
        "<tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan=7>申请人情况</td></tr>",
        "<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>",
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>",
    ]
    rows = spec.rows()
    result_rows = sum(1 for g, _, _, _ in rows if g)
    groups: dict[str, int] = {}
    for g, _, _, _ in rows:
        if g and g != "三、本年度办理结果":
            groups[g] = groups.get(g, 0) + 1
    started_result = False
    started_groups: set[str] = set()
    for group, item, _, cells in rows:
        tds = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
        if not group:
            out.append(f"<tr><td colspan=3>{item}</td>{tds}</tr>")
            continue
        lead = ""
        if not started_result:
            lead += f"<td rowspan={result_rows}>三、本年度办理结果</td>"
            started_result = True
        if group == "三、本年度办理结果":
            out.append(f"<tr>{lead}<td colspan=2>{item}</td>{tds}</tr>")
            continue
        if group not in started_groups:
            lead += f"<td rowspan={groups[group]}>{group}</td>"
            started_groups.add(group)
        out.append(f"<tr>{lead}<td>{item}</td>{tds}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _table4(spec: ReportSpec) -> str:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    row2 = "".join(f"<td rowspan=2>{h}</td>" for h in heads)
    row3 = "".join(f"<td>{h}</td>" for h in heads * 2)
    values = "".join(f"<td>{html.escape(v)}</td>" for v in spec.review)
    return (
        "<table border=1><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        f"<tr>{row2}<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        f"<tr>{row3}</tr><tr>{values}</tr></table>"
    )


def build_html(spec: ReportSpec) -> str:
    title = f"{spec.org}{spec.year}年政府信息公开工作年度报告"
    basis = "国办公开办函〔2021〕30号" if spec.fmt == "2021" else "《中华人民共和国政府信息公开条例》"
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<meta name='ArticleTitle' content='{title}'><meta name='PubDate' content='{spec.year + 1}-01-20 09:00'>",
        "<style>@page{size:A4;margin:1cm} body{font-family:'Noto Sans CJK SC',sans-serif;font-size:8pt}"
        " table{border-collapse:collapse;width:100%} td{border:1px solid #000;padding:1px}</style>",
        f"<title>{title}</title></head><body><h1>{title}</h1>",
        f"<p>本报告根据{basis}编制。</p>",
    ]
    for number in spec.sections:
        parts.append(f"<p>{SECTION_TITLES[number - 1]}</p>")
        if number == 1:
            parts.append("<p>本年度政务公开工作稳步推进。</p>")
        elif number == 2:
            parts.append(_table2(spec.fmt))
        elif number == 3:
            parts.append(_table3(spec))
        elif number == 4:
            parts.append(_table4(spec))
        else:
            parts.append("<p>无。</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


# Small pages with "— n —" page numbers, as WPS-made reports print them: table 3 runs over
# three pages and its rowspan group labels land beside the middle of their rows.
SMALL_PAGES = (
    "@page{size:140mm 105mm;margin:8mm 8mm 14mm 8mm;@bottom-center{content:'— ' counter(page) ' —'}}"
)


def build_pdf(spec: ReportSpec, page_css: str | None = None) -> bytes:
    from weasyprint import HTML

    def refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"no fetching in tests: {url}")

    html = build_html(spec)
    if page_css:
        html = html.replace("@page{size:A4;margin:1cm}", page_css, 1)
    return HTML(string=html, url_fetcher=refuse).write_pdf()


def build_docx(spec: ReportSpec) -> bytes:
    """The same report in Word, with merged cells as Word merges them."""
    import docx

    document = docx.Document()
    document.core_properties.title = f"{spec.org}{spec.year}年政府信息公开工作年度报告"
    document.add_paragraph(f"{spec.org}{spec.year}年政府信息公开工作年度报告")
    for number in spec.sections:
        document.add_paragraph(SECTION_TITLES[number - 1])
        if number == 3:
            rows = spec.rows()
            table = document.add_table(rows=3 + len(rows), cols=10)
            table.cell(0, 0).merge(
                table.cell(2, 2)
            ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
            table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
            table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
            table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
            for i, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
                table.cell(2, 4 + i).text = name
            for r, (group, item, _, cells) in enumerate(rows, start=3):
                if not group:
                    table.cell(r, 0).merge(table.cell(r, 2)).text = item
                elif group == "三、本年度办理结果":
                    table.cell(r, 0).text = group
                    table.cell(r, 1).merge(table.cell(r, 2)).text = item
                else:
                    table.cell(r, 0).text = "三、本年度办理结果"
                    table.cell(r, 1).text = group
                    table.cell(r, 2).text = item
                for c, value in enumerate(cells):
                    table.cell(r, 3 + c).text = value
        elif number == 4:
            table = document.add_table(rows=4, cols=15)
            table.cell(0, 0).merge(table.cell(0, 4)).text = "行政复议"
            table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
            heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            for i, head in enumerate(heads):
                table.cell(1, i).merge(table.cell(2, i)).text = head
                table.cell(2, 5 + i).text = head
                table.cell(2, 10 + i).text = head
            table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
            table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
            for i, value in enumerate(spec.review):
                table.cell(3, i).text = value
        else:
            document.add_paragraph("本年度工作情况。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
