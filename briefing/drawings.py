"""Our own SVG drawings (charts, maps), cleaned so they can sit inline in an HTML page.

The screen edition carries its drawings inside the page rather than beside it.
An inline SVG shares the page's ids, styles and scripts, so only drawing
elements and attributes pass; anything that could run, load or style the page
(scripts, foreign content, <style>, event handlers, links that leave the
drawing) is dropped, and every id is prefixed so two drawings cannot collide.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from markupsafe import Markup, escape

from briefing.errors import BriefingError

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

#: What a chart or a map is made of; everything else is dropped with its children.
_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "path",
        "clipPath",
        "use",
        "text",
        "tspan",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "title",
        "desc",
        "linearGradient",
        "radialGradient",
        "stop",
        "symbol",
        "mask",
        "pattern",
        "marker",
    }
)
_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)", re.IGNORECASE)
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_PREFIXES = {XLINK: "xlink:", XML: "xml:"}
_HREFS = (f"{{{XLINK}}}href", "href")


@lru_cache(maxsize=64)
def inline_svg(data: bytes, prefix: str) -> Markup:
    """``data`` (an SVG file) as markup for an HTML page, its ids prefixed with ``prefix``.

    Cached: a served briefing inlines the same drawings on every save.
    """
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"not an id prefix: {prefix!r}")
    if b"<!ENTITY" in data:
        raise BriefingError(f"drawing '{prefix}' declares XML entities; delete it from output/.cache")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise BriefingError(
            f"drawing '{prefix}' is not well-formed SVG ({err}); delete it from output/.cache"
        ) from None
    if root.tag != f"{{{SVG}}}svg":
        raise BriefingError(f"drawing '{prefix}' is not an SVG; delete it from output/.cache")
    _prune(root)
    ids = {element.get("id") for element in root.iter()} - {None}
    for element in root.iter():
        _clean_attributes(element, ids, prefix)
    # matplotlib's one <style> rule, kept as inherited properties of the drawing.
    root.set("stroke-linecap", root.get("stroke-linecap", "butt"))
    root.set("stroke-linejoin", root.get("stroke-linejoin", "round"))
    out: list[str] = []
    _write(root, out, root=True)
    return Markup("".join(out))


def labelled(markup: Markup, label: str) -> Markup:
    """An inline SVG named by ``label`` (its text alternative), as an image for a screen reader."""
    if not markup.startswith("<svg"):
        raise ValueError("not an inline SVG")
    return Markup(f'<svg role="img" aria-label="{escape(label)}"') + Markup(markup[len("<svg") :])


def _write(element: ET.Element, out: list[str], *, root: bool = False) -> None:
    """Serialise by hand: ElementTree names namespaces through a registry that is global to the
    process (another library may have given SVG's a prefix) and cannot write a default one."""
    name = element.tag.rpartition("}")[2]
    attributes = [
        (_PREFIXES.get(key.partition("}")[0][1:], "") + key.rpartition("}")[2], value)
        for key, value in element.attrib.items()
    ]
    if root:
        attributes = [("xmlns", SVG), ("xmlns:xlink", XLINK), *attributes]
    out.append(f"<{name}" + "".join(f' {key}="{escape(value)}"' for key, value in attributes))
    if element.text or len(element):
        out.append(">" + str(escape(element.text or "")))
        for child in element:
            _write(child, out)
            out.append(str(escape(child.tail or "")))
        out.append(f"</{name}>")
    else:
        out.append("/>")


def _prune(parent: ET.Element) -> None:
    for child in list(parent):
        namespace, _, name = child.tag.rpartition("}")
        if namespace != "{" + SVG or name not in _ELEMENTS:
            parent.remove(child)
        else:
            _prune(child)


def _clean_attributes(element: ET.Element, ids: set[str | None], prefix: str) -> None:
    for name, value in list(element.attrib.items()):
        namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
        local = name.rpartition("}")[2]
        del element.attrib[name]
        if local.lower().startswith("on") or (namespace and namespace not in (XLINK, XML)):
            continue  # event handlers, and attributes from vocabularies that are not drawing
        if name in _HREFS:
            if value.startswith("#") and value[1:] in ids:  # a reference inside the drawing
                element.set(f"{{{XLINK}}}href", f"#{prefix}-{value[1:]}")
            continue
        if name == "id":
            element.set("id", f"{prefix}-{value}")
            continue
        targets = [match.group(2) for match in _URL.finditer(value)]
        if any(not target.startswith("#") or target[1:] not in ids for target in targets):
            continue  # a url() that would load something, or point outside the drawing
        if "@import" in value.lower() or "expression(" in value.lower():
            continue
        element.set(name, _URL.sub(lambda match: f"url(#{prefix}-{match.group(2)[1:]})", value))
