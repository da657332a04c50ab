"""Locator maps drawn from GeoJSON in the project with matplotlib, as SVG, cached by a hash of their data.

The base layers are files of the project (read through ``Project.read``); the
places are the ones the text names. Labels are placed so they do not collide:
each tries the eight positions around its dot in turn and takes the first free
one. Fills and lines come from the stylesheet's palette and differ in lightness,
so the map reads in grayscale too.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing.charts import DRAWING
from briefing.errors import BriefingError
from briefing.files import write_text
from briefing.fonts import chart_font_files
from briefing.load import Briefing
from briefing.model import LocatorMap
from briefing.project import Unreadable
from briefing.styles import Palette

#: Bump when the drawing code below changes, so cached maps are redrawn.
STYLE_VERSION = "4"
#: A base layer is a few hundred kilobytes; more is not a locator map's.
MAX_LAYER_BYTES = 5_000_000

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Feature:
    name: str
    rings: tuple[Ring, ...]
    shaded: bool


@dataclass(frozen=True)
class Layer:
    style: str
    features: tuple[Feature, ...]


@dataclass(frozen=True)
class MapPlace:
    name: str
    lat: float
    lon: float
    kind: str


@dataclass(frozen=True)
class MapData:
    """Everything that decides how a map looks; its hash names the cached SVG."""

    id: str
    bounds: tuple[float, float, float, float]
    layers: tuple[Layer, ...]
    places: tuple[MapPlace, ...]
    palette: Palette

    def digest(self) -> str:
        payload = json.dumps({"style": STYLE_VERSION, "map": asdict(self)}, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class DrawnMap:
    """A map's SVG on disk, whether it was drawn this time, and what it shows, for its alt text."""

    id: str
    path: Path
    drawn: bool
    places: tuple[str, ...]
    shaded: tuple[str, ...]


def draw_maps(briefing: Briefing, cache: Path, palette: Palette) -> dict[str, DrawnMap]:
    """Draw (or reuse) every locator map in the briefing, by map id."""
    drawn = {}
    for section in briefing.sections:
        for index, locator in enumerate(section.content.maps):
            data = _map_data(briefing, locator, palette, f"{section.doc.path}: maps[{index}]")
            target = cache / f"{data.id}-{data.digest()}.svg"
            fresh = not target.is_file()
            if fresh:
                with DRAWING:  # pyplot draws one figure at a time
                    drawing = _draw(data, chart_font_files(), cache.parent / "matplotlib")
                write_text(drawing, target)
                for stale in cache.glob(f"{data.id}-*.svg"):
                    if stale != target:
                        stale.unlink()
            shaded = tuple(f.name for layer in data.layers for f in layer.features if f.shaded)
            drawn[locator.id] = DrawnMap(locator.id, target, fresh, tuple(p.name for p in locator.places), shaded)
    return drawn


def _map_data(briefing: Briefing, locator: LocatorMap, palette: Palette, where: str) -> MapData:
    west, south, east, north = locator.bounds
    layers = []
    for layer in locator.layers:
        path = briefing.project.root / layer.file
        try:
            geojson = json.loads(briefing.project.read(path, limit=MAX_LAYER_BYTES, what="map layer"))
        except Unreadable as err:
            raise BriefingError(f"{where}: {err}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BriefingError(f"{where}: map layer '{layer.file}' is not GeoJSON ({err})") from None
        try:
            features = tuple(Feature(name, rings, name in layer.highlight) for name, rings in _features(geojson))
        except ValueError as err:
            raise BriefingError(f"{where}: map layer '{layer.file}' is not GeoJSON polygons: {err}") from None
        layers.append(Layer(layer.style, features))
    places = tuple(MapPlace(p.name, p.lat, p.lon, p.kind) for p in locator.places)
    return MapData(locator.id, (west, south, east, north), tuple(layers), places, palette)


def _features(geojson: Any) -> list[tuple[str, tuple[Ring, ...]]]:
    """(name, outer and inner rings) of every polygon feature; other geometry is left out.

    Raises ``ValueError`` on anything that is not GeoJSON's shape.
    """
    if not isinstance(geojson, dict) or not isinstance(geojson.get("features", []), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    found = []
    for feature in geojson.get("features", []):
        if not isinstance(feature, dict):
            raise ValueError("a feature is not an object")
        geometry = feature.get("geometry") or {}
        name = str((feature.get("properties") or {}).get("name", ""))
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
        try:
            rings = tuple(
                tuple((float(point[0]), float(point[1])) for point in ring)
                for polygon in polygons or []
                for ring in polygon or []
                if len(ring) >= 3
            )
        except (TypeError, IndexError, KeyError) as err:
            raise ValueError(f"feature '{name}' has coordinates that are not points ({err})") from None
        if rings:
            found.append((name, rings))
    return found


def _draw(data: MapData, font_files: list[Path], config: Path) -> str:
    os.environ.setdefault("MPLCONFIGDIR", str(config))
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import Polygon

    for font_file in font_files:
        font_manager.fontManager.addfont(str(font_file))
    family = font_manager.FontProperties(fname=str(font_files[0])).get_name()
    palette = data.palette
    plt.rcParams.update(
        {
            "font.family": family,
            "font.size": 7.5,
            "svg.fonttype": "none",
            "svg.hashsalt": data.id,
            "text.parse_math": False,
        }
    )
    west, south, east, north = data.bounds
    # At most 4.6 inches tall: a locator map sits beside the text, it does not fill the page.
    figure, ax = plt.subplots(figsize=(6.7, 4.6))
    for layer in data.layers:
        for feature in layer.features:
            for ring in feature.rings:
                if layer.style == "borders":
                    face = palette.fills[2] if feature.shaded else "white"
                    patch = Polygon(ring, closed=True, facecolor=face, edgecolor=palette.muted, linewidth=0.6)
                else:
                    patch = Polygon(
                        ring,
                        closed=True,
                        facecolor="none",
                        edgecolor=palette.muted,
                        linewidth=0.5,
                        linestyle=(0, (3, 2)),
                    )
                ax.add_patch(patch)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.15)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(palette.muted)
        spine.set_linewidth(0.5)
    figure.tight_layout(pad=0.2)

    canvas = FigureCanvasAgg(figure)  # measures label extents, so they can be kept apart
    ax.apply_aspect()  # the axes take their final place only now; measure after it
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    taken = []
    labels = [
        (layer, feature)
        for layer in data.layers
        for feature in layer.features
        if layer.style == "borders" and feature.shaded
    ]
    for _layer, feature in labels:  # the shaded countries' names, large and light, at their centres
        x, y = _centre(feature.rings, data.bounds)
        # No alpha: WeasyPrint clips a translucent, centred SVG text to the wrong box.
        text = ax.text(
            x, y, feature.name.upper(), ha="center", va="center", fontsize=9, color=palette.muted, fontweight="bold"
        )
        taken.append(text.get_window_extent(renderer))
    for place in data.places:
        if place.kind == "area":
            continue
        marker = {"capital": "s", "city": "o", "town": "o"}[place.kind]
        face = palette.ink if place.kind != "town" else "white"
        ax.plot(
            place.lon,
            place.lat,
            marker=marker,
            markersize=4 if place.kind != "town" else 3.5,
            markerfacecolor=face,
            markeredgecolor=palette.ink,
            markeredgewidth=0.7,
        )
        dot = ax.transData.transform((place.lon, place.lat))
        taken.append(matplotlib.transforms.Bbox.from_bounds(dot[0] - 3, dot[1] - 3, 6, 6))
    for place in data.places:  # towns and cities first: their labels must sit by their dots
        if place.kind != "area":
            _place_label(ax, renderer, place, taken, palette.ink, _POSITIONS)
    for place in data.places:  # then areas, which may move a little off their point
        if place.kind == "area":
            _place_label(ax, renderer, place, taken, palette.muted, _AREA_POSITIONS)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return buffer.getvalue()


#: Where a label may sit around its dot, in points, in the order a cartographer tries them.
_POSITIONS = (
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
)


#: Where an area's name may sit: on its point, or nudged off it.
_AREA_POSITIONS = (
    (0, 0, "center", "center"),
    (0, 9, "center", "center"),
    (0, -9, "center", "center"),
    (14, 0, "center", "center"),
    (-14, 0, "center", "center"),
    (12, 9, "center", "center"),
    (-12, -9, "center", "center"),
)


def _place_label(
    ax: Any,
    renderer: Any,
    place: MapPlace,
    taken: list[Any],
    ink: str,
    positions: tuple[tuple[int, int, str, str], ...],
) -> None:
    """The label of a place, at the first of its candidate positions that collides with nothing."""
    best, best_overlap = None, None
    weight = "bold" if place.kind == "capital" else "normal"
    style = "italic" if place.kind == "area" else "normal"
    for dx, dy, ha, va in positions:
        text = ax.annotate(
            place.name,
            (place.lon, place.lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=7 if place.kind == "area" else 7.5,
            color=ink,
            fontweight=weight,
            fontstyle=style,
        )
        box = text.get_window_extent(renderer)
        overlap = sum(_area(box, other) for other in taken)
        inside = ax.get_window_extent(renderer).contains(box.x0, box.y0) and ax.get_window_extent(renderer).contains(
            box.x1, box.y1
        )
        overlap += 0 if inside else 10_000
        if best_overlap is None or overlap < best_overlap:
            if best is not None:
                best.remove()
            best, best_overlap = text, overlap
        else:
            text.remove()
        if overlap == 0:
            break
    if best is not None:
        taken.append(best.get_window_extent(renderer))


def _area(a: Any, b: Any) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _centre(rings: tuple[Ring, ...], bounds: tuple[float, float, float, float]) -> tuple[float, float]:
    """The centroid of a feature's largest ring (by area), kept within the map's bounds."""
    ring = max(rings, key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring) or 1e-12
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / (6 * area)
    west, south, east, north = bounds
    return min(max(cx, west), east), min(max(cy, south), north)


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2
