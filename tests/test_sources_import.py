"""Test `briefing sources import`: CSL-JSON and BibTeX records appended to sources.yaml, nothing else touched."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from briefing.errors import BriefingError
from briefing.load import load_project
from briefing.new import new
from briefing.project import Project
from briefing.schema import schema
from briefing.sources_import import _slug, import_sources, read_references

from conftest import FIXTURES, copy_project, problems_of, yaml_as_text

REFERENCES = FIXTURES / "references"
NEXT_STEP = (
    "Each new source says archive: none. Save its text under content/sources/ "
    "and point archive: at it, so its quotes and figures can be checked."
)

ZOTERO_APPENDED = """
  # Imported from zotero.json by `briefing sources import`.
  - id: 6jqpz9ab
    title: "Talks with the TTP: what the jirga achieved"
    outlet: The Example Herald
    author: Amina Khan, Jan de Vos
    published:
      date: 2022-06-03
    url: https://example.org/herald/ttp-jirga
    accessed: 2024-01-12
    kind: Newspaper article
    archive: none
  - id: eci-2023
    title: "Pakistan: the militant challenge on the frontier"
    outlet: Example Crisis Institute
    author: Example Crisis Institute
    published:
      date: 2023-05
    url: https://example.org/eci/report-334
    kind: Report
    archive: none
  - id: rahman2021
    title: "Sanctuary and insurgency: the Afghan border since 2001"
    outlet: Journal of Example Studies
    author: Tariq Rahman
    published:
      date: "2021"
    url: https://doi.org/10.1234/jes.2021.12
    kind: Journal article
    archive: none
  - id: radio2022
    title: Voices from Swat
    outlet: Example Radio
    published:
      date: 2022-09
      approximate: true
    kind: Broadcast
    archive: none
  # Not yet a source: no date. Fill it in, then delete the '# ' before each line below.
  # - id: smith2020
  #   title: Border crossings reopen
  #   outlet: Example Wire
  #   published:
  #     date:
  #   url: https://example.org/wire/border
  #   kind: Web page
  #   archive: none
"""

ZOTERO_REPORT = [
    "http://zotero.org/users/local/kTn3dZ2Q/items/6JQPZ9AB: imported as 6jqpz9ab",
    "ECI:2023: imported as eci-2023",
    "radio2022: the record marks its date as approximate; say why in published.basis",
    "smith2020: the access date '2024-02' is not one day; left out (accessed: takes YYYY-MM-DD)",
    "smith2020: no date; add published.date by hand",
    "Added 4 sources to content/sources.yaml: 6jqpz9ab, eci-2023, rahman2021, radio2022",
    "Appended 1 entry commented out, to finish by hand: smith2020",
    "Skipped 1 already in content/sources.yaml: example-2026",
    NEXT_STEP,
]

BIBTEX_APPENDED = """
  # Imported from refs.bib by `briefing sources import`.
  - id: rahman-2021
    title: "Sanctuary and Insurgency: The Afghan Border since 2001 – a Review"
    outlet: Journal of Example Studies
    author: Tariq Rahman, Jan de Vos
    published:
      date: 2021-03
    url: https://doi.org/10.1234/jes.2021.12
    kind: Journal article
    archive: none
  - id: lodhi2011
    title: "Pakistan: Beyond the “Crisis State”"
    outlet: Example University Press
    published:
      date: "2011"
    kind: Book
    archive: none
  - id: eci2023
    title: Frontier violence at a ten-year high
    outlet: Example Crisis Institute
    author: Example Crisis Institute
    published:
      date: 2023-05-12
    url: https://example.org/eci/frontier
    accessed: 2024-01-12
    kind: Web page
    archive: none
  # Not yet a source: no outlet. Fill it in, then delete the '# ' before each line below.
  # - id: muller2019
  #   title: Notes on the TTP's 50% claim
  #   outlet:
  #   author: Karl Müller
  #   published:
  #     date: "2019"
  #   url: https://example.org/notes
  #   kind: Document
  #   archive: none
"""

BIBTEX_REPORT = [
    "Rahman:2021: imported as rahman-2021",
    "lodhi2011: the record names editors, not authors; author left out",
    "Müller2019: imported as muller2019",
    "muller2019: no outlet (container, journal or publisher); add outlet by hand",
    "Added 3 sources to content/sources.yaml: rahman-2021, lodhi2011, eci2023",
    "Appended 1 entry commented out, to finish by hand: muller2019",
    "Skipped 1 already in content/sources.yaml: alpha",
    NEXT_STEP,
]


@pytest.fixture
def scaffold(tmp_path) -> Path:
    """A fresh English project from `briefing new`: its sources.yaml is mostly comments."""
    new(tmp_path / "brief", language="en-GB", today=dt.date(2026, 11, 21))
    return tmp_path / "brief"


def sources_of(project: Path) -> Path:
    return project / "content/sources.yaml"


def test_csl_json_from_zotero(run, scaffold):
    """Zotero's CSL-JSON: each record becomes an entry at the end of the file, and the report says what it could not map."""
    before = sources_of(scaffold).read_text(encoding="utf-8")
    result = run("sources", "import", REFERENCES / "zotero.json", scaffold)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == ZOTERO_REPORT
    assert sources_of(scaffold).read_text(encoding="utf-8") == before + ZOTERO_APPENDED


def test_bibtex(run, minimal_project):
    """BibTeX through pybtex: @article, @book, @online and @misc, LaTeX read as text, an existing key skipped."""
    before = sources_of(minimal_project).read_text(encoding="utf-8")
    result = run("sources", "import", REFERENCES / "refs.bib", minimal_project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == BIBTEX_REPORT
    assert sources_of(minimal_project).read_text(encoding="utf-8") == before + BIBTEX_APPENDED


def test_the_project_still_checks_after_an_import(run, scaffold):
    """After an import the project loads: `briefing check` passes, warning only that the new sources are not cited yet."""
    assert run("sources", "import", REFERENCES / "zotero.json", scaffold).exit_code == 0
    assert problems_of(scaffold) == [
        f"content/sources.yaml:{line}:5: warning: source '{source_id}' is never cited"
        for line, source_id in [(24, "6jqpz9ab"), (34, "eci-2023"), (43, "rahman2021"), (52, "radio2022")]
    ]
    result = run("check", scaffold)
    assert result.exit_code == 0
    assert list(Draft202012Validator(schema("sources")).iter_errors(yaml_as_text(sources_of(scaffold)))) == []


def test_a_second_import_skips_every_record(run, scaffold):
    """Importing the same file again adds nothing and leaves the file as it was: every id, even a commented-out one, is present."""
    run("sources", "import", REFERENCES / "zotero.json", scaffold)
    once = sources_of(scaffold).read_bytes()
    result = run("sources", "import", REFERENCES / "zotero.json", scaffold)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Skipped 6 already in content/sources.yaml: 6jqpz9ab, eci-2023, rahman2021, radio2022, smith2020, example-2026",
        "Nothing new: content/sources.yaml is unchanged.",
    ]
    assert sources_of(scaffold).read_bytes() == once


def test_existing_entries_and_comments_are_untouched(run, briefing_copy):
    """The bundled briefing's sources.yaml (comments, blank lines, folded text at the end) stays byte for byte, then the entries follow."""
    path = sources_of(briefing_copy)
    before = path.read_bytes()
    result = run("sources", "import", REFERENCES / "refs.bib", briefing_copy)
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert after.startswith(before)
    alpha = '  - id: alpha\n    title: The alpha article\n    outlet: Alpha News\n    published:\n      date: "2025"\n'
    assert (
        after[len(before) :].decode("utf-8")
        == BIBTEX_APPENDED + alpha + "    kind: Journal article\n    archive: none\n"
    )
    old, new_data = yaml.safe_load(before), yaml.safe_load(after)
    assert new_data["sources"][: len(old["sources"])] == old["sources"]
    assert [s["id"] for s in new_data["sources"][len(old["sources"]) :]] == [
        "rahman-2021",
        "lodhi2011",
        "eci2023",
        "alpha",
    ]


def test_kinds_are_in_the_briefings_language(run, tmp_path):
    """A French briefing gets French kinds."""
    new(tmp_path / "note", language="fr", today=dt.date(2026, 11, 21))
    assert run("sources", "import", REFERENCES / "zotero.json", tmp_path / "note").exit_code == 0
    kinds = [s["kind"] for s in yaml.safe_load(sources_of(tmp_path / "note").read_text(encoding="utf-8"))["sources"]]
    assert kinds == [
        "Article de presse",
        "Article de presse",
        "Rapport",
        "Article de revue",
        "Émission",
        "Article de presse",
    ]


def test_a_missing_sources_file_is_created(run, minimal_project):
    """A project without sources.yaml gets one holding the imported entries."""
    sources_of(minimal_project).unlink()
    assert run("sources", "import", REFERENCES / "refs.bib", minimal_project).exit_code == 0
    text = sources_of(minimal_project).read_text(encoding="utf-8")
    assert text.startswith("sources:\n  # Imported from refs.bib by `briefing sources import`.\n  - id: rahman-2021\n")
    assert [s["id"] for s in yaml.safe_load(text)["sources"]] == ["rahman-2021", "lodhi2011", "eci2023", "alpha"]


def test_the_files_indentation_and_line_ends_are_kept(run, minimal_project):
    """Entries continue the list as the file writes it: its indentation and its Windows line ends."""
    path = sources_of(minimal_project)
    path.write_bytes(path.read_bytes().replace(b"\n  ", b"\n").replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert run("sources", "import", REFERENCES / "refs.bib", minimal_project).exit_code == 0
    appended = path.read_bytes()[len(before) :].decode("utf-8")
    assert appended.startswith(
        "\r\n# Imported from refs.bib by `briefing sources import`.\r\n- id: rahman-2021\r\n  title:"
    )
    assert "\n" not in appended.replace("\r\n", "")
    assert [s["id"] for s in yaml.safe_load(path.read_bytes())["sources"]][2:] == [
        "rahman-2021",
        "lodhi2011",
        "eci2023",
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ({"date-parts": [[2020, 3, 5]]}, ("2020-03-05", [])),
        ({"date-parts": [["2020", "3"]]}, ("2020-03", [])),
        ({"date-parts": [[2020]]}, ("2020", [])),
        ({"raw": "2020-03-05"}, ("2020-03-05", [])),
        (
            {"date-parts": [[2020, 3, 5], [2020, 4, 1]]},
            ("2020-03-05", ["the date is a range; published.date is its start, 2020-03-05"]),
        ),
        ({"raw": "2019~"}, ("2019", ["the record marks its date as approximate; say why in published.basis"])),
        ({"date-parts": [[2020, 2, 30]]}, (None, ["the date '2020-2-30' is not YYYY-MM-DD"])),
        ({"date-parts": [[2020, 0]]}, (None, ["the date '2020-0' is not YYYY-MM-DD"])),
        ({"literal": "spring 2020"}, (None, ["the date 'spring 2020' is not YYYY-MM-DD"])),
        (None, (None, [])),
    ],
    ids=["day", "month", "year", "raw", "range", "circa", "no-such-day", "month-zero", "season", "none"],
)
def test_csl_dates_are_as_precise_as_the_record(tmp_path, written, expected):
    """A date keeps the precision the record gives it, and a date it cannot write is reported."""
    record = {"id": "a", "type": "book", "title": "T", "publisher": "P"} | ({"issued": written} if written else {})
    (tmp_path / "one.json").write_text(json.dumps([record]), encoding="utf-8")
    ((reference,), notes) = read_references(tmp_path / "one.json")
    assert notes == []
    assert (reference.date, reference.notes) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("year = 2020, month = mar, day = 5", ("2020-03-05", [])),
        ("year = 2020, month = {11}", ("2020-11", [])),
        ("year = {2020}", ("2020", [])),
        (
            "date = {2020-03-05/2020-03-07}",
            ("2020-03-05", ["the date is a range; published.date is its start, 2020-03-05"]),
        ),
        (
            "year = 2020, month = {Spring}",
            ("2020", ["the month 'Spring' is not a month; published.date gives the year only"]),
        ),
        ("year = {n.d.}", (None, ["the year 'n.d.' is not a year"])),
    ],
    ids=["day", "month", "year", "range", "season", "no-year"],
)
def test_bibtex_dates_are_as_precise_as_the_record(tmp_path, fields, expected):
    """BibTeX's year, month and day, or BibLaTeX's date, as far as they go."""
    (tmp_path / "one.bib").write_text(f"@book{{a, title = {{T}}, publisher = {{P}}, {fields}}}", encoding="utf-8")
    ((reference,), _notes) = read_references(tmp_path / "one.bib")
    assert (reference.date, reference.notes) == expected


@pytest.mark.parametrize(
    ("fields", "url", "notes"),
    [
        ({"URL": "https://example.org/a"}, "https://example.org/a", []),
        ({"DOI": "10.1234/x.1"}, "https://doi.org/10.1234/x.1", []),
        ({"DOI": "https://doi.org/10.1234/x.1"}, "https://doi.org/10.1234/x.1", []),
        (
            {"URL": "zotero://select/items/X"},
            None,
            ["the URL 'zotero://select/items/X' is not a web address; left out"],
        ),
    ],
    ids=["url", "doi", "doi-url", "not-web"],
)
def test_urls_are_web_addresses(tmp_path, fields, url, notes):
    """A URL is kept when it is a web address, a DOI becomes one, anything else is left out and reported."""
    record = {"id": "a", "type": "book", "title": "T", "publisher": "P", "issued": {"date-parts": [[2020]]}} | fields
    (tmp_path / "one.json").write_text(json.dumps([record]), encoding="utf-8")
    ((reference,), _notes) = read_references(tmp_path / "one.json")
    assert (reference.url, reference.notes) == (url, notes)


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("Smith2020", "smith2020"),
        ("Smith:2020", "smith-2020"),
        ("Müller_2019a", "muller_2019a"),
        ("http://zotero.org/users/local/kTn3dZ2Q/items/6JQPZ9AB", "6jqpz9ab"),
        ("--x--", "x"),
        ("中文", ""),
    ],
)
def test_ids_follow_the_slug_pattern(key, slug):
    """A citation key becomes an id of lower-case letters, digits, - and _."""
    assert _slug(key) == slug


@pytest.fixture
def broken(tmp_path):
    """Write an export of the given bytes and return its path."""

    def write(name: str, content: bytes) -> Path:
        (tmp_path / name).write_bytes(content)
        return tmp_path / name

    return write


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "refs.json",
            b'[{"id": "a",',
            "refs.json is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 13)",
        ),
        (
            "refs.json",
            b'{"hello": "world"}',
            "refs.json is JSON but not CSL-JSON: it should be a list of records with an id, a type and a title",
        ),
        ("refs.json", b"[]", "refs.json holds no references"),
        ("deep.json", b"[" * 100_000, "deep.json is not valid JSON: it is nested too deeply"),
        (
            "refs.bib",
            b"@article{a, title = {x}",
            "refs.bib is not valid BibTeX: syntax error in line 1: premature end of file",
        ),
        (
            "refs.bib",
            b"@article{a, title={x}}\n@book{a, title={y}}\n",
            "refs.bib is not valid BibTeX: repeated bibliography entry: a",
        ),
        ("refs.bib", b"@comment{nothing here}\n", "refs.bib holds no references"),
        (
            "notes.txt",
            b"Smith, J. (2020). A title. A journal.\n",
            "notes.txt is neither CSL-JSON nor BibTeX; export the references in one of those",
        ),
        (
            "latin1.bib",
            b"@book{a, title = {Caf\xe9}}",
            "latin1.bib is not UTF-8 (byte 0xe9 on line 1); export it as UTF-8",
        ),
    ],
    ids=[
        "broken-json",
        "not-csl",
        "empty-csl",
        "nested",
        "broken-bibtex",
        "duplicate-key",
        "no-entries",
        "neither",
        "not-utf8",
    ],
)
def test_a_bad_export_is_one_error_line_and_nothing_is_written(run, scaffold, broken, name, content, message):
    """A file that is not CSL-JSON or BibTeX: one line, exit 1, no traceback, sources.yaml untouched."""
    before = sources_of(scaffold).read_bytes()
    result = run("sources", "import", broken(name, content), scaffold)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert sources_of(scaffold).read_bytes() == before


def test_an_export_out_of_reach_is_one_error_line(run, scaffold, tmp_path, monkeypatch):
    """A missing file, a folder, a named pipe and an unreadable file: each one line, exit 1, nothing written."""
    before = sources_of(scaffold).read_bytes()
    os.mkfifo(tmp_path / "pipe.bib")
    (tmp_path / "dangling.bib").symlink_to(tmp_path / "gone.bib")
    (tmp_path / "secret.bib").write_text("@book{a, title={T}}", encoding="utf-8")
    cases = {
        tmp_path / "missing.bib": "no such file",
        tmp_path / "dangling.bib": "no such file",
        tmp_path: "it is a folder; give the exported file",
        tmp_path / "pipe.bib": "it is not a regular file",
        tmp_path / "secret.bib": "permission denied",
    }
    opened = Path.open

    def refuse(self, *args, **kwargs):  # the suite runs as root, whom chmod 000 does not stop
        if self.name == "secret.bib":
            raise PermissionError(13, "Permission denied")
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    for path, reason in cases.items():
        result = run("sources", "import", path, scaffold)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: cannot read {path}: {reason}\n")
    assert sources_of(scaffold).read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "sources:\n  - id: a\n    title: [unclosed\n",
            "content/sources.yaml:4:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'; fix it, then import again",
        ),
        (
            "sources: [{id: a, title: T}]\n",
            "content/sources.yaml does not list its sources one '- id: …' entry after another; write them that way, then import again",
        ),
        (
            "sources: []\n",
            "content/sources.yaml has no entries to add to; write one '- id: …' entry, then import again",
        ),
        ("sources: a list\n", "content/sources.yaml has no list under 'sources:'; fix it, then import again"),
        (
            "sources:\n  - id: a\nnotes: a key after the list\n",
            "cannot append to content/sources.yaml: its end does not continue the list of sources; nothing was written",
        ),
        (
            "sources:\n  - id: a\n    notes: |+\n      text that keeps the blank lines after it\n",
            "cannot append to content/sources.yaml without changing its last entry; nothing was written",
        ),
    ],
    ids=["not-yaml", "flow", "empty-flow", "not-a-list", "list-not-last", "kept-text"],
)
def test_a_sources_file_that_cannot_take_entries_is_left_alone(run, minimal_project, content, message):
    """When sources.yaml is broken or not a block list, the import says so and writes nothing."""
    sources_of(minimal_project).write_text(content, encoding="utf-8")
    result = run("sources", "import", REFERENCES / "refs.bib", minimal_project)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert sources_of(minimal_project).read_text(encoding="utf-8") == content


def test_usage_errors_exit_2(run, tmp_path):
    """No FILE, or a PROJECT_DIR that is no briefing project, is a usage error."""
    assert run("sources", "import").exit_code == 2
    result = run("sources", "import", REFERENCES / "refs.bib", tmp_path)
    assert result.exit_code == 2
    assert "is not a briefing project: it has no content/ folder" in result.stderr


def test_the_sources_file_is_replaced_in_one_step(run, minimal_project, monkeypatch):
    """A failure while writing leaves sources.yaml as it was and no temporary file behind."""
    before = sources_of(minimal_project).read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefing.files.os.replace", fail)
    result = run("sources", "import", REFERENCES / "refs.bib", minimal_project)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot write {sources_of(minimal_project).resolve()}: no space left on device\n"
    assert sources_of(minimal_project).read_bytes() == before
    assert sorted(p.name for p in sources_of(minimal_project).parent.iterdir()) == [
        "briefing.yaml",
        "sections",
        "sources",
        "sources.yaml",
    ]


_TEXT = st.text(max_size=30)
_RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "id": _TEXT,
            "type": st.sampled_from(["book", "webpage", "motion_picture"]),
            "title": _TEXT,
            "publisher": _TEXT,
            "issued": st.one_of(
                st.fixed_dictionaries({"raw": _TEXT}),
                st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.integers(-5, 3000) | _TEXT, max_size=3))}),
            ),
            "URL": _TEXT,
            "author": st.lists(st.fixed_dictionaries({"family": _TEXT, "given": _TEXT}), max_size=2),
        }
    ),
    max_size=4,
)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), suppress_health_check=[HealthCheck.too_slow])
@given(records=_RECORDS)
def test_whatever_the_records_hold_sources_yaml_still_loads(records):
    """Any record: the import refuses and writes nothing, or the entries it appends load without an error."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(FIXTURES / "minimal", Path(folder) / "p")
        (Path(folder) / "x.json").write_text(json.dumps(records), encoding="utf-8")
        before = sources_of(project).read_bytes()
        try:
            import_sources(Project(project), Path(folder) / "x.json")
        except BriefingError as err:
            assert sources_of(project).read_bytes() == before
            assert "nothing was written" not in err.message  # the safety nets are for files, not for records
            return
        content = load_project(Project(project))
        assert [p.format() for p in content.problems if p.path == "content/sources.yaml" and p.is_error] == []
