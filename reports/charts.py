"""Charts for the circular (matplotlib, CJK font), written as PNG files.

Titles and labels are Chinese only; counts sit on integer axes; every problem category is
drawn; the quarter trend is drawn only when storage holds two quarters or more (one dot is
not a trend; the circular then has no trend figure).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from config.periods import quarter_label
from reports.circular_data import CircularData
from reports.fonts import matplotlib_cjk_font
from storage.atomic import atomic_path

SCORE_BANDS = [
    (0, 60, "60分以下"),
    (60, 70, "60—69分"),
    (70, 80, "70—79分"),
    (80, 90, "80—89分"),
    (90, 100.01, "90分及以上"),
]
MIN_TREND_QUARTERS = 2


def _figure(height: float = 3.2) -> tuple[Figure, Axes]:
    font = matplotlib_cjk_font()
    if font:
        plt.rcParams["font.family"] = [font, "sans-serif"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(6.4, height), dpi=150)
    return fig, ax


def write_charts(data: CircularData, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    charts = {
        "scores": _score_distribution(data, folder / "chart-scores.png"),
        "categories": _problems_by_category(data, folder / "chart-categories.png"),
        "trend": _trend(data, folder / "chart-trend.png"),
    }
    return {k: v for k, v in charts.items() if v is not None}


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    with atomic_path(path) as temporary:
        fig.savefig(temporary, format="png")
    plt.close(fig)
    return path


def _score_distribution(data: CircularData, path: Path) -> Path | None:
    if not data.units:
        return None
    fig, ax = _figure()
    counts = [sum(1 for u in data.units if lo <= u.score < hi) for lo, hi, _ in SCORE_BANDS]
    bars = ax.bar(
        [label for *_, label in SCORE_BANDS],
        counts,
        color=["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2471a3"],
    )
    ax.bar_label(bars)
    ax.set_title("检查得分分布")
    ax.set_ylabel("单位数（个）")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(counts) * 1.15 + 1)
    return _save(fig, path)


def _problems_by_category(data: CircularData, path: Path) -> Path | None:
    counts = data.problems_by_category().most_common()  # all of them, largest on top
    if not counts:
        return None
    fig, ax = _figure(height=max(3.2, 0.32 * len(counts) + 1.0))
    names = [name for name, _ in counts][::-1]
    values = [value for _, value in counts][::-1]
    bars = ax.barh(names, values, color="#2471a3")
    ax.bar_label(bars)
    ax.set_title("问题类型分布")
    ax.set_xlabel("问题数（处）")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(values) * 1.12 + 1)
    return _save(fig, path)


def _trend(data: CircularData, path: Path) -> Path | None:
    if len(data.trend) < MIN_TREND_QUARTERS:
        return None
    fig, ax = _figure()
    quarters = [quarter_label(q) for q, _, _ in data.trend]
    ax.plot(quarters, [r for _, r, _ in data.trend], marker="o", label="合格率（%）")
    ax.plot(quarters, [s for _, _, s in data.trend], marker="s", label="平均分（分）")
    ax.set_ylim(0, 105)
    ax.set_title("近几个季度合格率和平均分")
    ax.legend()
    return _save(fig, path)
