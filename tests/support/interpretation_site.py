"""A small hand-built site: five policies, three interpretations (graphic with an explicit link
and a WeChat 来源; a "video" whose only video is a 404, linked by 文号; text linked by title,
with a repost note), one policy stating why it has no interpretation, one without."""

from __future__ import annotations

import datetime as dt

from config.settings import UnitConfig
from storage.snapshot import SnapshotLink, SnapshotPage, UnitSnapshot

BASE = "http://www.x.gov.cn/"
UNIT = UnitConfig.model_validate({"id": "x", "name": "某县", "class": "A", "homepage": BASE, "scope": [BASE]})


def _page(url: str, html: str, status: int = 200) -> SnapshotPage:
    return SnapshotPage(
        url=url, final_url=url, status=status, outcome="ok", content_type="text/html; charset=utf-8",
        body=html.encode(),
    )  # fmt: skip


def listing(column: str, rows: list[tuple[str, str, str]]) -> str:
    lis = "".join(f'<li><a href="{u}">{t}</a><span>{d}</span></li>' for u, t, d in rows)
    return (
        f'<html><head><meta name="ColumnName" content="{column}"><title>{column}</title></head>'
        f'<body><div class="list"><ul>{lis}</ul></div></body></html>'
    )


def article(title: str, date: str, body: str, *, source: str = "某县人民政府", doc_number: str = "") -> str:
    number = f"<p>发文字号：{doc_number}</p>" if doc_number else ""
    return (
        f'<html><head><meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date} 09:00">'
        f'<meta name="ContentSource" content="{source}"><title>{title}</title></head><body>'
        f'<div class="nav"><a href="{BASE}zcjd/">政策解读</a></div><h1>{title}</h1>{number}'
        f'<div class="TRS_Editor">{body}</div><div class="share"><a href="https://weibo.com/x">分享到微博</a></div>'
        "</body></html>"
    )


TEXT = "<p>" + "现就文件出台背景、主要内容解读如下。" * 20 + "</p>"
P = [
    (f"{BASE}zcwj/1.html", "某县人民政府关于进一步优化营商环境的实施意见", "2020-03-02", "某政发〔2020〕1号"),
    (f"{BASE}zcwj/2.html", "某县人民政府关于做好稳就业工作的通知", "2020-06-01", "某政发〔2020〕2号"),
    (f"{BASE}zcwj/3.html", "某县人民政府关于加强粮食安全保障的工作方案", "2020-09-28", "某政发〔2020〕3号"),
    (f"{BASE}zcwj/4.html", "某县人民政府办公室关于内部工作安排的通知", "2020-10-12", "某政发〔2020〕4号"),
    (f"{BASE}zcwj/5.html", "某县人民政府关于推进全民健身的实施方案", "2020-11-02", "某政发〔2020〕5号"),
]


def snapshot() -> UnitSnapshot:
    pages = [
        _page(f"{BASE}zcwj/", listing("政策文件", [(u, t, d) for u, t, d, _ in P])),
        _page(
            f"{BASE}zcjd/",
            listing(
                "政策解读",
                [
                    (f"{BASE}zcjd/a.html", "一图读懂｜进一步优化营商环境的实施意见", "2020-03-03"),
                    (f"{BASE}zcjd/b.html", "视频解读：做好稳就业工作的通知", "2020-06-15"),
                    (f"{BASE}zcjd/c.html", "关于加强粮食安全保障工作方案的解读", "2020-10-09"),
                ],
            ),
        ),
    ]
    bodies = {
        1: TEXT,
        2: TEXT,
        3: TEXT,
        4: "<p>本文件属于内部工作安排类文件，经审定不作解读。</p>" + TEXT,
        5: TEXT,
    }
    for n, (url, title, date, number) in enumerate(P, start=1):
        pages.append(_page(url, article(title, date, bodies[n], doc_number=number)))
    pages.append(
        _page(
            f"{BASE}zcjd/a.html",
            article(
                "一图读懂｜进一步优化营商环境的实施意见",
                "2020-03-03",
                f'<p><img src="/upload/2020/a.jpg"></p><p><a href="{P[0][0]}">原文链接</a></p>',
                source="微信公众号“某县发布”",
            ),
        )
    )
    pages.append(
        _page(
            f"{BASE}zcjd/b.html",
            article(
                "视频解读：做好稳就业工作的通知",
                "2020-06-15",
                '<video src="/media/b.mp4"></video><p>根据某政发〔2020〕2号文件。</p>',
            ),
        )
    )
    pages.append(_page(f"{BASE}media/b.mp4", "", status=404))
    pages.append(
        _page(
            f"{BASE}zcjd/c.html",
            article(
                "关于加强粮食安全保障工作方案的解读",
                "2020-10-09",
                TEXT + '<p>本文同步发布于<a href="https://mp.weixin.qq.com/s/abc">微信公众号</a></p>',
            ),
        )
    )
    links = [SnapshotLink(from_url=BASE, to_url=f"{BASE}zcjd/", text="政策解读", in_scope=True)]
    return UnitSnapshot.from_pages(UNIT, dt.date(2020, 12, 15), pages, links=links)
