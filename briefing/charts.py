"""Charts drawn from key figures with matplotlib, as SVG, cached by a hash of their data.

matplotlib takes about half a second to import, so it is imported only when a
chart's data or style has changed: the SVG is kept under output/.cache/charts/
with the hash in its name, and a build that finds it there does not draw again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing.files import write_text
from briefing.fonts import chart_font_files
from briefing.load import Briefing
from briefing.styles import Palette
from briefing.text import numbers_in

#: Bump when the drawing code below changes, so cached charts are redrawn.
STYLE_VERSION = "5"


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
    palette: Palette
    legend_title: str
    """The words over the legend of producers, in the briefing's language."""

    def digest(self) -> str:
        payload = json.dumps({"style": STYLE_VERSION, "chart": asdict(self)}, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Credit:
    """A producer of a chart's numbers, and the sources that reported them."""

    producer: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DrawnChart:
    """A chart's SVG on disk, whether it was drawn this time, and whom its caption credits."""

    id: str
    path: Path
    drawn: bool
    credits: tuple[Credit, ...]
    alt: str
    """What the chart shows, every number included: its text alternative for a screen reader."""


#: pyplot keeps one current figure per process: one drawing at a time, when ``briefing serve --pdf``
#: builds the PDF in a thread while the page is rebuilt in another.
DRAWING = threading.Lock()


def chart_svg(data: ChartData, cache: Path, font_files: list[Path]) -> tuple[Path, bool]:
    """The SVG for ``data`` under ``cache``, and whether it had to be drawn this time."""
    target = cache / f"{data.id}-{data.digest()}.svg"
    if target.is_file():
        return target, False
    with DRAWING:
        drawing = _draw(data, font_files, cache.parent / "matplotlib")
    write_text(drawing, target)
    for stale in cache.glob(f"{data.id}-*.svg"):
        if stale != target:
            stale.unlink()
    return target, True


def _draw(data: ChartData, font_files: list[Path], config: Path) -> str:
    # matplotlib keeps its configuration and font cache under MPLCONFIGDIR, which
    # would otherwise be the user's home folder: keep them in the project's cache.
    os.environ.setdefault("MPLCONFIGDIR", str(config))
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for font_file in font_files:
        font_manager.fontManager.addfont(str(font_file))
    family = font_manager.FontProperties(fname=str(font_files[0])).get_name()
    palette = data.palette
    plt.rcParams.update(
        {
            "font.family": family,
            "font.size": 8,
            "svg.fonttype": "none",  # live text: the PDF uses the document's own font and stays searchable
            "svg.hashsalt": data.id,  # fixed ids, so the same data gives the same file
            "text.parse_math": False,  # "$7 billion, not $1 billion" is text, not TeX
            "axes.edgecolor": palette.muted,
            "axes.labelcolor": palette.ink,
            "xtick.color": palette.ink,
            "ytick.color": palette.muted,
        }
    )
    figure, axes = plt.subplots(1, len(data.panels), figsize=(6.7, 2.7), squeeze=False)
    for ax, panel in zip(axes[0], data.panels, strict=True):
        _draw_panel(ax, panel, palette, data.legend_title)
    figure.tight_layout(w_pad=3)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return buffer.getvalue()


def _draw_panel(ax: Any, panel: Panel, palette: Palette, legend_title: str) -> None:
    from matplotlib.ticker import FuncFormatter

    producers = list(dict.fromkeys(bar.producer for bar in panel.bars))
    fills = {producer: palette.fills[i % len(palette.fills)] for i, producer in enumerate(producers)}
    positions = range(len(panel.bars))
    bars = ax.bar(
        positions,
        [b.value for b in panel.bars],
        width=0.62,
        color=[fills[b.producer] for b in panel.bars],
        edgecolor=palette.ink,
        linewidth=0.6,
    )
    top = max(b.value for b in panel.bars)
    for rectangle, bar in zip(bars, panel.bars, strict=True):
        ax.annotate(
            bar.shown,
            (rectangle.get_x() + rectangle.get_width() / 2, rectangle.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            fontweight="bold",
            color=palette.ink,
        )
    ax.set_xticks(list(positions), [b.label for b in panel.bars], fontsize=7.5)
    # Headroom for the value labels, and for the legend when producers differ.
    ax.set_ylim(0, top * (1.22 if len(producers) == 1 else 1.75))
    ax.set_title(panel.title, loc="left", fontsize=9, fontweight="bold", color=palette.fills[0], pad=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=7)
    # Whole numbers with separators, never matplotlib's "1e6" offset above the axis.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:,.10g}"))
    ax.grid(axis="y", color=palette.grid, linewidth=0.5)
    ax.set_axisbelow(True)
    if len(producers) > 1:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=fills[p], edgecolor=palette.ink, linewidth=0.6, label=p) for p in producers]
        ax.legend(
            handles=handles,
            loc="upper left",
            fontsize=7,
            frameon=False,
            title=legend_title,
            title_fontsize=7,
            alignment="left",
        )


def draw_charts(briefing: Briefing, cache: Path, palette: Palette) -> dict[str, DrawnChart]:
    """Draw (or reuse) every chart in the briefing, by chart id."""
    figures = {f.id: f for s in briefing.sections for f in s.content.figures if f.id}
    drawn = {}
    for section in briefing.sections:
        for chart in section.content.charts:
            panels = []
            credits: dict[str, list[str]] = {}
            for panel in chart.panels:
                bars = []
                for point in panel.points:
                    figure = figures[point.figure]
                    # The scale word is applied: "3.1 million" and "900,000" share an axis.
                    ((value, _unit),) = numbers_in(figure.value, briefing.source_language(figure.source))
                    producer = figure.producer or ""  # unknown: credited by its source alone
                    bars.append(Bar(point.label, float(value), figure.value, producer))
                    sources = credits.setdefault(producer, [])
                    if figure.source not in sources:
                        sources.append(figure.source)
                panels.append(Panel(panel.title, tuple(bars)))
            data = ChartData(chart.id, tuple(panels), palette, briefing.labels["chart_produced_by"])
            path, fresh = chart_svg(data, cache, chart_font_files())
            drawn[chart.id] = DrawnChart(
                chart.id,
                path,
                fresh,
                tuple(Credit(producer, tuple(ids)) for producer, ids in credits.items()),
                _alt(chart.title, panels, briefing),
            )
    return drawn


def _alt(title: str, panels: list[Panel], briefing: Briefing) -> str:
    """ "Attacks. Rise in attacks: 42% (2021, PIPS), 27% (2022, PIPS)": the numbers, not just the title."""
    said = []
    for panel in panels:
        bars = [f"{bar.shown} ({', '.join(filter(None, [bar.label, bar.producer]))})" for bar in panel.bars]
        said.append(f"{panel.title}: {briefing.labels.join(bars)}")
    return ". ".join([title, *said]) + "."
