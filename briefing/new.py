"""``briefing new``: start a project that builds at once, from the package's scaffold.

The scaffold is a small briefing that shows every content type once, with every
field of briefing.yaml commented. It ships per language (scaffold/en, fr, de);
other languages get the English one with their language tag. The project gets
the editor schema too (schemas/), generated from the model, and each YAML file
a first line that points editors at it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path, PurePosixPath

import jinja2

from briefing import schema
from briefing.errors import BriefingError

SCAFFOLDS = resources.files("briefing") / "scaffold"


class NotEmpty(ValueError):
    """The target folder holds files already; ``briefing new`` never writes over anything."""


def new(
    target: Path, *, title: str = "Untitled briefing", language: str = "en-GB", today: dt.date | None = None
) -> list[Path]:
    """Write a new project into ``target`` (absent or empty); return the files written.

    The files are written to a temporary folder first and moved into place, so a
    failure leaves nothing half-made.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NotEmpty(f"{target} is not an empty folder; choose a new one")
    today = today or dt.date.today()
    values = {
        "title": _yaml(title),
        "short_title": _yaml(title if len(title) <= 45 else title[:44] + "…"),
        "language": _yaml(language),
        "date": today.isoformat(),
        "year": today.year,
        "month": today.strftime("%Y-%m"),
    }
    scaffold = _scaffold(language)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.is_dir() else None) as folder:
        staging = Path(folder) / "project"
        written = _write(scaffold, staging, env, values, Path()) + _write_schemas(staging)
        if target.exists():
            target.rmdir()  # empty, checked above
        try:
            shutil.move(str(staging), str(target))
        except OSError as err:
            raise BriefingError(f"cannot create {target}: {err.strerror or err}") from None
    return [target / relative for relative in written]


def _scaffold(language: str) -> Traversable:
    primary = language.split("-")[0].lower()
    candidate = SCAFFOLDS / primary
    return candidate if candidate.is_dir() else SCAFFOLDS / "en"


def _write(
    source: Traversable, target: Path, env: jinja2.Environment, values: dict[str, object], relative: Path
) -> list[Path]:
    written = []
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            written += _write(entry, target / entry.name, env, values, relative / entry.name)
        elif entry.name.endswith((".yaml", ".txt", ".css", ".geojson")):
            text = env.from_string(entry.read_text(encoding="utf-8")).render(**values)
            line = schema.modeline(PurePosixPath((relative / entry.name).as_posix()))
            if line:
                text = f"{line}\n{text}"
            (target / entry.name).write_text(text, encoding="utf-8")
            written.append(relative / entry.name)
    return written


def _write_schemas(project: Path) -> list[Path]:
    """The editor schema of each kind of content file, generated from the model (see briefing.schema)."""
    written = []
    for kind in schema.KINDS:
        relative = Path(schema.schema_path(kind))
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(schema.as_json(schema.schema(kind)), encoding="utf-8")
        written.append(relative)
    return written


def _yaml(text: str) -> str:
    """A YAML scalar that reads back as ``text`` whatever it holds (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)
