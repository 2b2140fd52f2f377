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
    content = read_guide_content("本机关依法公开政府信息。")
    assert content.era is None and "无法判定" in content.era_reason
    assert "fax" in content.missing and "phone" in content.missing
