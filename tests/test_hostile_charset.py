"""Decoding believes a declared charset only when the bytes bear it out, and says why it chose
otherwise; the choice is stored with the fetch."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from support.hostile_server import UTF8_TEXT, HostileWeb, hostile_config, install_charset_routes, run_hostile

from config.settings import UnitConfig
from crawler.run import crawl_units
from pages.decoding import decode_body
from storage.db import Database
from storage.models import Fetch

PAGES = ["/utf8-as-gbk", "/damaged-utf8", "/gbk-as-utf8-meta", "/gbk-mislabelled"]


async def test_each_charset_choice_is_stored_with_its_reason(tmp_path: Path) -> None:
    web = HostileWeb()
    install_charset_routes(web)
    units = [
        UnitConfig.model_validate(
            {"id": p.strip("/"), "name": p, "class": "A", "homepage": f"http://hostile.test{p}"}
        )
        for p in PAGES
    ]
    units = [u.model_copy(update={"scope": [u.homepage]}) for u in units]
    db = Database.open(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with run_hostile(web) as running:
        await crawl_units(hostile_config(running, str(tmp_path), units=units, crawl={"max_depth": 0}), db)
    with db.session() as session:
        rows = {
            f.url.rsplit("/", 1)[1]: f for f in session.scalars(select(Fetch).where(Fetch.purpose == "crawl"))
        }
    utf8 = rows["utf8-as-gbk"]
    assert utf8.encoding == "utf-8"
    assert "mislabelled as gbk" in (utf8.reason or "") and "valid UTF-8" in (utf8.reason or "")
    damaged = rows["damaged-utf8"]
    assert damaged.encoding == "utf-8" and "bad bytes replaced" in (damaged.reason or "")
    gbk = rows["gbk-as-utf8-meta"]
    assert gbk.encoding == "gb18030" and "charset-normalizer chose gb18030" in (gbk.reason or "")
    assert rows["gbk-mislabelled"].encoding == "gb18030"


def test_text_is_read_right_and_a_fitting_label_needs_no_reason() -> None:
    page = f"<html><body>{UTF8_TEXT}</body></html>".encode()
    under_gbk = decode_body(page, "text/html; charset=gbk")
    assert UTF8_TEXT in under_gbk.text and under_gbk.mislabelled
    damaged = decode_body(page[:200] + b"\xff\xfe" + page[200:], "text/html; charset=utf-8")
    assert damaged.encoding == "utf-8" and "临汾市人民政府" in damaged.text  # not cp1251 mojibake
    gbk = decode_body(page.decode().encode("gbk"), "text/html; charset=gbk")
    assert gbk.encoding == "gb18030" and gbk.why is None and UTF8_TEXT in gbk.text
    plain = decode_body(page, "text/html; charset=utf-8")
    assert plain.why is None and not plain.mislabelled
