"""Charts for the circular (matplotlib, CJK font), written as PNG files."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.circular_data import CircularData
from reports.fonts import matplotlib_cjk_font


def _figure() -> tuple[Figure, Axes]:
    font = matplotlib_cjk_font()
    if font:
        plt.rcParams["font.family"] = [font, "sans-serif"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=150)
    return fig, ax


def write_charts(data: CircularData, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    charts = {
        "scores": _score_distribution(data, folder / "chart-scores.png"),
        "categories": _problems_by_category(data, folder / "chart-categories.png"),
        "trend": _trend(data, folder / "chart-trend.png"),
    }
    return {k: v for k, v in charts.items() if v is not None}


def _score_distribution(data: CircularData, path: Path) -> Path:
    fig, ax = _figure()
    bins = [0, 60, 70, 80, 90, 100.01]
    labels = ["<60", "60–69", "70–79", "80–89", "≥90"]
    counts = [sum(1 for u in data.units if lo <= u.score < hi) for lo, hi in itertools.pairwise(bins)]
    bars = ax.bar(labels, counts, color=["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2471a3"])
    ax.bar_label(bars)
    ax.set_title("检查得分分布 Score distribution")
    ax.set_ylabel("单位数 units")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _problems_by_category(data: CircularData, path: Path) -> Path | None:
    counts = data.problems_by_category().most_common(10)
    if not counts:
        return None
    fig, ax = _figure()
    names = [name for name, _ in counts][::-1]
    values = [value for _, value in counts][::-1]
    bars = ax.barh(names, values, color="#2471a3")
    ax.bar_label(bars)
    ax.set_title("问题类型 Problems by type")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _trend(data: CircularData, path: Path) -> Path | None:
    if not data.trend:
        return None
    fig, ax = _figure()
    quarters = [q for q, _, _ in data.trend]
    ax.plot(quarters, [r for _, r, _ in data.trend], marker="o", label="合格率 % pass rate")
    ax.plot(quarters, [s for _, _, s in data.trend], marker="s", label="平均分 mean score")
    ax.set_ylim(0, 105)
    ax.set_title("按季度趋势 Trend by quarter")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
