"""Title similarity between an interpretation and a policy document.

Interpretation titles wrap the policy's: "《关于…的通知》政策解读", "图解：关于…的实施意见",
"一图读懂《…》". Both titles are reduced to their core (book-title marks' content, without
form markers and boilerplate) and compared by character-bigram Dice; containment of one core
in the other scores 1.
"""

from __future__ import annotations

import re
import unicodedata

_BOOK_TITLE = re.compile(r"《([^》]{4,})》")
_NOISE = re.compile(
    r"政策解读|文件解读|图文解读|视频解读|音频解读|动漫解读|H5解读|解读|图解|一图读懂|一图看懂|一图了解|"
    r"问答|答记者问|在线访谈|访谈|新闻发布会|发布会|视频|音频|动漫|漫画|"
    r"关于印发|关于转发|印发|转发|关于|的通知|通知|的|[\s:：,，。、\"“”'‘’()（）【】\[\]<>《》|_—-]"
)


def core(title: str) -> str:
    title = unicodedata.normalize("NFKC", title or "")
    quoted = _BOOK_TITLE.findall(title)
    if quoted:
        title = max(quoted, key=len)
    return _NOISE.sub("", title)


def similarity(interpretation_title: str, policy_title: str) -> float:
    a, b = core(interpretation_title), core(policy_title)
    if not a or not b:
        return 0.0
    if len(a) >= 6 and len(b) >= 6 and (a in b or b in a):
        return 1.0
    bigrams_a = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    bigrams_b = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(bigrams_a & bigrams_b) / (len(bigrams_a) + len(bigrams_b))
