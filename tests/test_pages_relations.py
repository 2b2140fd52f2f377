"""Related documents as real CMSs list them: 关联稿件 blocks, 相关解读 boxes, 图文解读 titles."""

from __future__ import annotations

from pages.reader import read_page

BODY = "<div class='TRS_Editor'><p>" + "正文内容。" * 80 + "</p></div>"


def policy_page(related: str) -> str:
    return (
        "<html><head><title>某县关于印发农村人居环境整治方案的通知_某县人民政府</title>"
        "<meta name='ArticleTitle' content='某县关于印发农村人居环境整治方案的通知'>"
        "<meta name='PubDate' content='2024-05-06 10:00'></head><body>"
        f"<h1>某县关于印发农村人居环境整治方案的通知</h1>{BODY}{related}</body></html>"
    )


def test_a_related_block_linking_a_picture_interpretation() -> None:
    # TRS 关联稿件 block: a heading, then a list; one link is a 图文解读, one a news item.
    related = (
        "<div class='glgj'><div class='glgj-tit'>关联稿件</div><ul>"
        "<li><a href='/zcjd/202405/t20240507_2.html'>图文解读：《某县农村人居环境整治方案》</a></li>"
        "<li><a href='/xwdt/202405/t20240508_3.html'>我县召开人居环境整治推进会</a></li>"
        "</ul></div>"
    )
    info = read_page(policy_page(related), url="http://www.x.gov.cn/zwgk/202405/t20240506_1.html")
    links = [(r.relation, r.label, r.url) for r in info.related]
    assert ("interpretation", "关联稿件", "http://www.x.gov.cn/zcjd/202405/t20240507_2.html") in links
    assert all("t20240508_3" not in (url or "") for _, _, url in links)  # relation unknown: not claimed


def test_a_related_interpretations_box_and_a_one_picture_title() -> None:
    related = (
        "<div class='xgjd'><h3>相关解读</h3><ul>"
        "<li><a href='/zcjd/1.html'>一图读懂农村人居环境整治方案</a></li>"
        "<li><a href='/zcjd/2.html'>县农业农村局负责人就整治方案答记者问</a></li></ul></div>"
    )
    info = read_page(policy_page(related), url="http://www.x.gov.cn/zwgk/1.html")
    titles = [r.title for r in info.related if r.relation == "interpretation"]
    assert titles == ["一图读懂农村人居环境整治方案", "县农业农村局负责人就整治方案答记者问"]


def test_a_navigation_menu_named_like_a_block_is_not_related() -> None:
    menu = (
        "<div><span>政策解读</span><ul>"
        + "".join(f"<li><a href='/c/{i}.html'>栏目名称第{i}项内容</a></li>" for i in range(20))
        + "</ul></div>"
    )
    info = read_page(policy_page(menu), url="http://www.x.gov.cn/zwgk/1.html")
    assert info.related == ()
