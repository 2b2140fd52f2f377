"""``MM-DD`` list rows (county homepages): years from evidence, never from nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pages.reader import read_page

# A homepage block as county sites write it: newest first, the year left implied, crossing a
# New Year between the second and third rows.
ROWS = [
    ("/xwzx/gsgg/1001.html", "关于春节期间值班安排的通知", "01-05"),
    ("/xwzx/gsgg/1002.html", "关于年终岁末安全生产检查的公告", "12-30"),
    ("/xwzx/gsgg/1003.html", "关于冬季供暖保障工作的公示", "12-01"),
    ("/xwzx/gsgg/1004.html", "关于秋粮收购政策的解读", "10-15"),
]


def homepage(rows: list[tuple[str, str, str]] = ROWS) -> str:
    items = "".join(f'<li><a href="{href}">{title}</a><span>{day}</span></li>' for href, title, day in rows)
    return (
        "<html><head><title>某县人民政府</title></head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>'
        f'<div class="box"><div class="tit"><h3>公示公告</h3></div><ul class="list">{items}</ul></div>'
        "</body></html>"
    )


def group(info_json: dict[str, Any]) -> dict[str, Any]:
    groups: list[dict[str, Any]] = info_json["item_groups"]
    return next(g for g in groups if g["name"] == "公示公告")


def test_crawl_date_gives_years_across_new_year() -> None:
    info = read_page(homepage(), url="http://www.x.gov.cn/", crawled_on=dt.date(2025, 1, 10))
    dates = [item["date"] for item in group(info.to_json())["items"]]
    assert dates == ["2025-01-05", "2024-12-30", "2024-12-01", "2024-10-15"]
    assert info.items_complete is True


def test_without_evidence_rows_stay_undated_and_the_list_incomplete() -> None:
    info = read_page(homepage(), url="http://www.x.gov.cn/")
    data = info.to_json()
    rows = group(data)["items"]
    assert [item["date"] for item in rows] == [None] * 4
    assert [item["month_day"] for item in rows] == ["01-05", "12-30", "12-01", "10-15"]
    assert info.items_complete is False
    assert "4 rows dated only MM-DD" in (info.items_note or "")
    assert "items" in data["undecided"]


def test_a_row_dated_by_its_url_anchors_the_others() -> None:
    rows = [ROWS[0], ("/xwzx/gsgg/202412/t20241230_1002.html", ROWS[1][1], "12-30"), *ROWS[2:]]
    info = read_page(homepage(rows), url="http://www.x.gov.cn/")
    dates = [item["date"] for item in group(info.to_json())["items"]]
    assert dates == ["2025-01-05", "2024-12-30", "2024-12-01", "2024-10-15"]
    assert info.items_complete is True


def test_a_list_not_newest_first_is_left_undated() -> None:
    # The anchor says 2024-12-30, but the crawl-free walk from it makes the first row 2025 and
    # the third row (dated by URL 2023-12-01) disagrees: order is not evidence here.
    rows = [
        ROWS[0],
        ("/xwzx/gsgg/202412/t20241230_1002.html", ROWS[1][1], "12-30"),
        ("/xwzx/gsgg/202312/t20231201_1003.html", ROWS[2][1], "12-01"),
    ]
    info = read_page(homepage(rows), url="http://www.x.gov.cn/")
    first = group(info.to_json())["items"][0]
    assert first["date"] is None and first["month_day"] == "01-05"
    assert info.items_complete is False


def test_a_row_after_the_crawl_day_is_from_the_year_before() -> None:
    info = read_page(homepage(ROWS[1:]), url="http://www.x.gov.cn/", crawled_on=dt.date(2025, 1, 10))
    dates = [item["date"] for item in group(info.to_json())["items"]]
    assert dates == ["2024-12-30", "2024-12-01", "2024-10-15"]


def test_text_that_only_looks_like_a_date_is_not_a_row() -> None:
    html = homepage([("/a.html", "某某工作动态", "第3-5期 共10页")])
    info = read_page(html, url="http://www.x.gov.cn/")
    assert all(g["name"] != "公示公告" for g in info.to_json()["item_groups"])


def test_an_oldest_first_list_is_not_read_as_a_year_apart() -> None:
    # 03-05 above 03-09: newest first would put a year between them; the reader will not.
    rows = [
        ("/xw/202003/t20200305_1.html", "第一条新闻标题", "03-05"),
        ("/xw/2.html", "第二条新闻标题", "03-09"),
    ]
    info = read_page(homepage(rows), url="http://www.x.gov.cn/", crawled_on=dt.date(2020, 3, 10))
    assert [item["date"] for item in group(info.to_json())["items"]] == ["2020-03-05", None]
    assert info.items_complete is False
