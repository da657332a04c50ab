"""Charts drawn from key figures with matplotlib, as SVG, cached by a hash of their data.

matplotlib takes about half a second to import, so it is imported only when a
chart's data or style has changed: the SVG is kept under output/.cache/charts/
with the hash in its name, and a build that finds it there does not draw again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from briefing.files import write_text

#: Bump when the drawing code below changes, so cached charts are redrawn.
STYLE_VERSION = "4"

#: Fills that stay distinct in grayscale, darkest first; one per producer in a panel.
FILLS = ("#1d3a5c", "#8797ab", "#d5dce4")
INK = "#1b1b1b"
MUTED = "#5b6470"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    producer: str


@dataclass(frozen=True)
class Panel:
    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ChartData:
    """Everything that decides how a chart looks; its hash names the cached SVG."""

    id: str
    panels: tuple[Panel, ...]

    def digest(self) -> str:
        payload = json.dumps({"style": STYLE_VERSION, "chart": asdict(self)}, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def chart_svg(data: ChartData, cache: Path, font_files: list[Path]) -> tuple[Path, bool]:
    """The SVG for ``data`` under ``cache``, and whether it had to be drawn this time."""
    target = cache / f"{data.id}-{data.digest()}.svg"
    if target.is_file():
        return target, False
    write_text(_draw(data, font_files), target)
    for stale in cache.glob(f"{data.id}-*.svg"):
        if stale != target:
            stale.unlink()
    return target, True


def _draw(data: ChartData, font_files: list[Path]) -> str:
    import io

    import matplotlib

    matplotlib.use("svg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for font_file in font_files:
        font_manager.fontManager.addfont(str(font_file))
    family = font_manager.FontProperties(fname=str(font_files[0])).get_name()
    plt.rcParams.update({
        "font.family": family,
        "font.size": 8,
        "svg.fonttype": "none",  # live text: the PDF uses the document's own font and stays searchable
        "svg.hashsalt": data.id,  # fixed ids, so the same data gives the same file
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": MUTED,
    })
    figure, axes = plt.subplots(1, len(data.panels), figsize=(6.7, 2.7), squeeze=False)
    for ax, panel in zip(axes[0], data.panels):
        _draw_panel(ax, panel)
    figure.tight_layout(w_pad=3)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return buffer.getvalue()


def _draw_panel(ax, panel: Panel) -> None:
    producers = list(dict.fromkeys(bar.producer for bar in panel.bars))
    fills = {producer: FILLS[i % len(FILLS)] for i, producer in enumerate(producers)}
    positions = range(len(panel.bars))
    bars = ax.bar(positions, [b.value for b in panel.bars], width=0.62,
                  color=[fills[b.producer] for b in panel.bars], edgecolor=INK, linewidth=0.6)
    top = max(b.value for b in panel.bars)
    for rectangle, bar in zip(bars, panel.bars):
        ax.annotate(bar.shown, (rectangle.get_x() + rectangle.get_width() / 2, rectangle.get_height()),
                    xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize=8, fontweight="bold", color=INK)
    ax.set_xticks(list(positions), [b.label for b in panel.bars], fontsize=7.5)
    # Headroom for the value labels, and for the legend when producers differ.
    ax.set_ylim(0, top * (1.22 if len(producers) == 1 else 1.75))
    ax.set_title(panel.title, loc="left", fontsize=9, fontweight="bold", color=FILLS[0], pad=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", color="#d9dde2", linewidth=0.5)
    ax.set_axisbelow(True)
    if len(producers) > 1:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=fills[p], edgecolor=INK, linewidth=0.6, label=p) for p in producers]
        ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False, title="Produced by",
                  title_fontsize=7, alignment="left")


def draw_charts(briefing, cache: Path) -> dict[str, dict]:
    """Draw (or reuse) every chart in the briefing; return what the template needs per chart id."""
    from briefing.checks import figures_by_id, numbers_in
    from briefing.fonts import chart_font_files

    figures = figures_by_id(briefing)
    drawn = {}
    for section in briefing.sections:
        for chart in section.content.charts:
            panels = []
            for panel in chart.panels:
                bars = []
                for point in panel.points:
                    figure = figures[point.figure]
                    ((value, _unit),) = numbers_in(figure.value)
                    bars.append(Bar(point.label, value, figure.value, figure.producer))
                panels.append(Panel(panel.title, tuple(bars)))
            path, fresh = chart_svg(ChartData(chart.id, tuple(panels)), cache, chart_font_files())
            credits: dict[str, list[str]] = {}
            for panel in chart.panels:
                for point in panel.points:
                    figure = figures[point.figure]
                    sources = credits.setdefault(figure.producer, [])
                    if figure.source not in sources:
                        sources.append(figure.source)
            drawn[chart.id] = {"path": path, "drawn": fresh, "credits": list(credits.items())}
    return drawn
