"""The guide judged by its content (pages.guide): Article 12 elements and the 2019 changes, each
found or missing with the sentence that proves it."""

from __future__ import annotations

from pathlib import Path

from pages.guide import read_guide_content
from pages.reader import read_page

PINGTAN = Path(__file__).parent / "data" / "reference_pages" / "b_guide_pingtan.html"


def test_a_real_2019_era_guide() -> None:
    # Read by hand: the Pingtan guide has every Article 12 element but a fax number; it gives
    # replies in 20 working days extendable by 20, and charges only the 信息处理费.
    content = read_guide_content(read_page(PINGTAN.read_bytes()).body_text)
    assert content.era == "2019"
    assert content.missing == ("fax",)
    proofs = {p.key: p.sentence for p in content.elements}
    assert proofs["phone"] == "咨询电话：0591-23165385"
    assert proofs["internet"] and "pzxxgkb＠163.com" in proofs["internet"]
    assert proofs["arrangement"] and "编排体系" in proofs["arrangement"]
    twenty = next(p for p in content.changes_2019 if p.key == "twenty_days")
    assert twenty.found and twenty.sentence and "延长答复期限最长不超过20个工作日" in twenty.sentence
    assert content.traits_2008 == ()  # 不收取费用 … 信息处理费 is the 2019 rule, not a cost fee


GUIDE_2008 = (
    "根据《中华人民共和国政府信息公开条例》（国务院令第492号），编制本指南。"
    "公民、法人或者其他组织还可以根据自身生产、生活、科研等特殊需要，向本机关申请获取相关政府信息。"
    "不能当场答复的，自收到申请之日起15个工作日内予以答复；如需延长答复期限的，延长答复的期限最长不超过15个工作日。"
    "向申请人提供政府信息，可以收取检索、复制、邮寄等成本费用。"
)


def test_a_2008_guide_is_shown_with_its_sentences() -> None:
    content = read_guide_content(GUIDE_2008)
    assert content.era == "2008"
    traits = {p.key: p.sentence for p in content.traits_2008}
    assert set(traits) == {"cites_492", "three_needs", "fifteen_days", "cost_fees"}
    assert traits["three_needs"] and traits["three_needs"].startswith(
        "公民、法人或者其他组织还可以根据自身生产"
    )
    assert content.to_json()["traits_2008"][0]["sentence"]


def test_fifteen_days_for_a_third_party_is_not_a_2008_trait() -> None:
    text = (
        "第三方应当自收到征求意见书之日起15个工作日内提出意见。"
        "不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长的期限最长不得超过20个工作日。"
    )
    content = read_guide_content(text)
    assert content.era == "2019" and content.traits_2008 == ()


def test_nothing_to_go_on_is_undecided() -> None:
    # No numbered parts: the guide's text was not read (an image, an attachment, a lost body),
    # so what it does not say is undecided, never "missing".
    content = read_guide_content("本机关依法公开政府信息。")
    assert content.era is None and "无法判定" in content.era_reason
    assert content.structure is None and content.missing == ()
    assert {"fax", "phone", "classification"} <= set(content.undecided)
    fax = next(p for p in content.elements if p.key == "fax")
    assert fax.status == "undecided" and fax.section and "章节结构" in fax.section


STRUCTURED = (
    "本指南根据《中华人民共和国政府信息公开条例》（国务院令第711号）编制。\n"
    "一、主动公开\n"
    "（一）公开范围：机构职能、政策文件、规划计划等。\n"
    "（二）编排体系：按主题分类编排，索引号由机构代码、年份和顺序号组成。\n"
    "（三）公开渠道：本机关门户网站。\n"
    "市档案馆地址：人民路1号，联系电话：0357-1111111。\n"
    "二、依申请公开\n"
    "（一）受理机构：本机关办公室\n"
    "办公地址：府前街1号\n"
    "办公时间：周一至周五\n"
    "电子邮箱：xxgk＠example.gov.cn\n"
    "（二）申请方式：申请人可以通过信函、传真等方式提出申请。\n"
    "三、监督和救济\n"
    "监督电话：0357-2222222。\n"
)


def test_elements_are_looked_for_where_the_layout_puts_them() -> None:
    content = read_guide_content(STRUCTURED)
    assert content.structure and content.structure[0] == "一、主动公开"
    status = {p.key: p.status for p in content.elements}
    assert status["office_name"] == status["address"] == status["hours"] == status["internet"] == "found"
    assert status["classification"] == status["arrangement"] == status["how_to_obtain"] == "found"
    # the archive's and the oversight body's numbers are not the office's phone: undecided
    phone = next(p for p in content.elements if p.key == "phone")
    assert phone.status == "undecided" and not phone.found and phone.section and "仅见于" in phone.section
    # "信函、传真等方式" names a channel, not a fax number: read structure, no number → missing
    fax = next(p for p in content.elements if p.key == "fax")
    assert fax.status == "missing" and "受理机构" in (fax.section or "")
    assert content.missing == ("fax",) and content.undecided == ("phone",)
