"""Bodies of detail pages: news, policy documents, interpretations, guides, reports, 留言."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from sandbox import content
from sandbox.gen_policy import REASON_TEXT
from sandbox.model import Item, Site
from sandbox.reports import APPLICANTS, REVIEW_HEAD, TABLE2_HEADS, closing_lines, table3_labels
from sandbox.rng import rng_for

if TYPE_CHECKING:
    from sandbox.cms.base import Cms

_GUIDE = {
    "name": "政府信息公开工作机构：{org}办公室（政务公开办公室），负责本机关政府信息公开的日常工作。",
    "address": "办公地址：山西省临汾市{name}{street}。邮政编码：041000。",
    "hours": "办公时间：周一至周五，上午8:00—12:00，下午14:30—17:30（法定节假日除外）。",
    "phone": "联系电话：0357-{phone}。",
    "fax": "传真：0357-{fax}。",
    "online": "网上申请：通过本网站“依申请公开”栏目在线填写申请表，或发送电子邮件至 xxgk＠{host}。",
    "how_to_apply": "申请方式：申请人可以通过当面提交、邮政寄送、在线申请等方式提出申请，并填写《政府信息公开申请表》。本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
    "classification": "主动公开的政府信息分类：机构职能、政策文件、规划计划、人事信息、财政信息、统计信息等；公开目录体系按主题分类编排，索引号由机构代码、年份和顺序号组成。",
}


def guide_body(site: Site, item: Item) -> str:
    rng = rng_for(site.seed, site.place.id, "guide")
    stale = item.data.get("stale")
    if stale == "cites_2008_regulations":
        basis = "根据《中华人民共和国政府信息公开条例》（国务院令第492号，2008年5月1日起施行）"
    elif stale == "dated_before_2019":
        basis = "根据《中华人民共和国政府信息公开条例》"
    else:
        basis = "根据《中华人民共和国政府信息公开条例》（国务院令第711号，2019年5月15日起施行）"
    values = {
        "org": site.place.full_name, "name": site.place.name, "host": site.place.host,
        "street": rng.choice(["府前街1号", "人民路18号", "行政中心二楼", "鼓楼南街6号"]),
        "phone": rng.randrange(2000000, 8999999), "fax": rng.randrange(2000000, 8999999),
    }  # fmt: skip
    parts = [f"<p>{basis}，结合本机关实际，编制本指南。申请人可以根据本指南获取本机关的政府信息。</p>"]
    sections = [("一、主动公开", ("classification",)), ("二、依申请公开", ("how_to_apply", "online")),
                ("三、政府信息公开工作机构", ("name", "address", "hours", "phone", "fax"))]  # fmt: skip
    missing = set(item.data.get("missing", []))
    for head, keys in sections:
        parts.append(f"<p><strong>{head}</strong></p>")
        parts += [f"<p>{_GUIDE[k].format(**values)}</p>" for k in keys if k not in missing]
    parts.append(
        "<p>四、监督和救济：公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。</p>"
    )
    return "\n".join(parts)


def report_tables(report: dict[str, Any]) -> tuple[str, str, str]:
    t3 = report["table3"]
    t4 = report["table4"]
    t2 = report["table2"]
    assert isinstance(t3, list) and isinstance(t4, list) and isinstance(t2, list)
    rows = ['<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr>" + "".join(f"<td>{a}</td>" for a in APPLICANTS[1:]) + "</tr>"]  # fmt: skip
    labels = table3_labels(report)
    for n, (cells, (section, group, sub)) in enumerate(zip(t3, labels, strict=True)):
        tds = "".join(f"<td>{escape(str(c))}</td>" for c in cells)
        if section == group == sub:
            rows.append(f'<tr><td colspan="3">{section}</td>{tds}</tr>')
            continue
        first_of_section = labels[n - 1][0] != section
        section_span = sum(1 for s, g, _ in labels if s == section and g != s)
        lead = f'<td rowspan="{section_span}">{section}</td>' if first_of_section else ""
        if sub == group:
            rows.append(f'<tr>{lead}<td colspan="2">{group}</td>{tds}</tr>')
            continue
        first_of_group = labels[n - 1][1] != group
        span = sum(1 for _, g, _ in labels if g == group)
        head = f'<td rowspan="{span}">{group}</td>' if first_of_group else ""
        rows.append(f"<tr>{lead}{head}<td>{sub}</td>{tds}</tr>")
    table3 = '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"
    head4 = "".join(f'<td rowspan="2">{h}</td>' for h in REVIEW_HEAD)
    sub4 = "".join(f"<td>{h}</td>" for h in REVIEW_HEAD) * 2
    table4 = (
        '<table border="1" cellspacing="0"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
        f'<tr>{head4}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>{sub4}</tr>'
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in t4) + "</tr></table>"
    )
    t2rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>" for a, b, c, d in t2)
    heads = "".join(f"<td>{h}</td>" for h in TABLE2_HEADS[report.get("layout", "2019")])
    table2 = (
        '<table border="1" cellspacing="0"><tr><td colspan="4">第二十条第（一）项</td></tr>'
        f"<tr><td>信息内容</td>{heads}</tr>{t2rows}</table>"
    )
    return table2, table3, table4


def report_body(cms: Cms, site: Site, item: Item) -> str:
    report = item.data["report"]
    year = item.data["year"]
    intro = (
        f"<p>本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。全文包括总体情况、主动公开政府信息情况、"
        f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。</p>"
        f"<p>一、总体情况</p><p>{year}年，{escape(site.place.full_name)}全年主动公开政府信息{report['proactive']}条。</p>"
    )
    fmt = item.data["format"]
    if fmt != "html":
        url = cms.file_url(site, item, fmt)
        return intro + f'<p>附件：<a href="{url}">{escape(item.title)}.{fmt}</a></p>'
    table2, table3, table4 = report_tables(report)
    return (
        intro + "<p>二、主动公开政府信息情况</p>" + table2 + "<p>三、收到和处理政府信息公开申请情况</p>" + table3
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + table4
        + "".join(f"<p>{escape(line)}</p>" for line in closing_lines(year))
    )  # fmt: skip


def policy_info(site: Site, item: Item) -> str:
    d = item.data
    return (
        '<div class="xxgk-info"><table class="info"><tr>'
        f"<td>索&ensp;引&ensp;号：</td><td>{escape(d['index_number'])}</td><td>主题分类：</td><td>综合政务</td></tr>"
        f"<tr><td>发文机关：</td><td>{escape(d['issuer_org'])}</td><td>成文日期：</td><td>{d['written']:%Y-%m-%d}</td></tr>"
        f'<tr><td>标　　题：</td><td colspan="3">{escape(item.title)}</td></tr>'
        f"<tr><td>发文字号：</td><td>{escape(d['doc_number'])}</td><td>发布日期：</td><td>{item.date:%Y-%m-%d}</td></tr>"
        "</table></div>"
    )


def policy_body(cms: Cms, site: Site, item: Item) -> str:
    rng = rng_for(site.seed, site.place.id, "pbody", item.id)
    body = [
        f"<p>各{'乡（镇）人民政府，县直各有关单位' if site.place.unit_class == 'A' else '科室，各直属单位'}：</p>"
    ]
    body += [f"<p>{p}</p>" for p in content.paragraphs(rng, 4)]
    body.append(
        f'<p style="text-align:right">{escape(item.data["issuer_org"])}<br>{item.data["written"]:%Y年%-m月%-d日}</p>'
    )
    if item.data.get("interp") == "reason":
        body.append(f'<div class="jdsm"><p>不作解读的说明：{REASON_TEXT}</p></div>')
    interp_id = item.data.get("interp_id")
    if interp_id:
        interp = site.items[interp_id]
        body.append(
            f'<div class="xgjd"><p>相关解读：<a href="{cms.item_url(site, interp)}">{escape(interp.title)}</a></p></div>'
        )
    return "\n".join(body)


def interp_body(cms: Cms, site: Site, item: Item) -> str:
    d = item.data
    policy = site.items[d["policy"]]
    purl = cms.item_url(site, policy)
    number = policy.data["doc_number"]
    base = site.place.base
    if d["link_mode"] == "link+number":
        ref = f'<p>相关文件：<a href="{purl}">《{escape(policy.title)}》（{escape(number)}）</a></p>'
    elif d["link_mode"] == "link":
        ref = f'<p>相关文件：<a href="{purl}">《{escape(policy.title)}》</a></p>'
    else:
        ref = f"<p>相关文件：《{escape(policy.title)}》（{escape(number)}）</p>"
    form = d["form"]
    rng = rng_for(site.seed, site.place.id, "ibody", item.id)
    text = "".join(f"<p>{p}</p>" for p in content.paragraphs(rng, 3))
    lead = f"<p>近日，{escape(policy.data['issuer_org'])}印发了该文件。为便于公众理解，现就有关内容解读如下。</p>"
    if form == "text":
        main = (
            lead
            + "<p>一、出台背景</p>"
            + text
            + "<p>二、主要内容</p>"
            + text
            + "<p>三、适用范围</p><p>本文件自印发之日起施行。</p>"
        )
    elif form in ("graphic", "animation"):
        main = "".join(
            f'<p><img src="{base}images/jd/{item.id}_{n}.png" alt="" width="750"></p>' for n in range(1, 6)
        )
    elif form == "video":
        main = (
            f'<div class="video"><video controls width="720" src="{base}media/{item.id}.mp4"></video></div>'
        )
    elif form == "audio":
        main = f'<div class="audio"><audio controls src="{base}media/{item.id}.mp3"></audio></div>'
    elif form == "h5":
        main = f'<p><a href="{base}h5/{item.id}/index.html">点击查看H5</a></p><iframe src="{base}h5/{item.id}/index.html" width="375" height="667"></iframe>'
    elif form == "interview":
        main = lead + "".join(
            f"<p>【主持人】请您介绍一下这项政策的主要内容。</p><p>【嘉宾】{p}</p>"
            for p in content.paragraphs(rng, 3)
        )
    else:  # qa
        main = "".join(
            f"<p>问：该政策的第{n}项措施是什么？</p><p>答：{p}</p>"
            for n, p in enumerate(content.paragraphs(rng, 3), 1)
        )
    channel = ""
    if d.get("channel_url"):
        channel = f'<p class="ywlj">原文链接：<a href="{d["channel_url"]}" target="_blank">{escape(d["channel"])}</a></p>'
    return main + ref + channel


def consult_body(site: Site, item: Item) -> str:
    d = item.data
    answered = d.get("answered")
    reply = (
        f"<tr><td>答复单位：</td><td>{escape(site.place.full_name)}</td></tr><tr><td>答复时间：</td><td>{answered:%Y-%m-%d}</td></tr>"
        f"<tr><td>答复内容：</td><td>{escape(d['reply'])}</td></tr>"
        if answered
        else "<tr><td>办理状态：</td><td>办理中</td></tr>"
    )
    return (
        '<table class="lyxq">'
        f"<tr><td>留言标题：</td><td>{escape(item.title)}</td></tr><tr><td>留言时间：</td><td>{item.date:%Y-%m-%d}</td></tr>"
        f"<tr><td>留言内容：</td><td>{escape(d['question'])}</td></tr>{reply}</table>"
    )


def news_body(site: Site, item: Item) -> str:
    rng = rng_for(site.seed, site.place.id, "nbody", item.id)
    paras = content.paragraphs(rng, 3)
    if item.id in site.wording:
        paras.insert(1, site.wording[item.id][2] + "，确保各项工作取得实效。")
    photo = ""
    if item.col == "tpxw":
        photo = (
            f'<p style="text-align:center"><img src="{site.place.base}images/news/{item.id}.jpg" alt=""></p>'
        )
    return photo + "".join(f"<p>{escape(p)}</p>" for p in paras)
