"""The form of a policy interpretation: text, graphic (图解), video, audio, animation, H5,
interview, Q&A or press conference — and the signals that decided it (rules.md §5).

``classify_form`` is what ``page inspect`` reports as ``interpretation_form`` and what the
interpretation checks count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMS = ("text", "graphic", "video", "audio", "animation", "h5", "interview", "qa", "press_conference")

# Title markers, most specific first.
_TITLE_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("press_conference", ("新闻发布会", "发布会")),
    ("interview", ("在线访谈", "访谈")),
    ("animation", ("动漫", "漫画", "动画")),
    ("h5", ("H5",)),
    ("video", ("视频",)),
    ("audio", ("音频", "广播", "听政策")),
    ("qa", ("问答", "答记者问", "一问一答")),
    ("graphic", ("图解", "一图读懂", "一图看懂", "图说", "图表解读")),
)


@dataclass(frozen=True)
class FormResult:
    form: str
    signals: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.form == "text"


def classify_form(html: str, title: str | None = None, url: str | None = None) -> FormResult:
    """Decide the form from the title first, then from media in the body."""
    for form, markers in _TITLE_MARKERS:
        for marker in markers:
            if title and marker in title:
                return FormResult(form, [f"title:{marker}"])
    lowered = html.lower()
    if "<video" in lowered or ".mp4" in lowered:
        return FormResult("video", ["body:video"])
    if "<audio" in lowered or ".mp3" in lowered:
        return FormResult("audio", ["body:audio"])
    return FormResult("text", ["no non-text signal"])
