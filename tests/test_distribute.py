"""Test briefing distribute: numbered copies stamped from one build, their identifiers, the register, bad input."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

import pikepdf
import pypdf
import pytest

from briefing.distribute import distribute
from briefing.project import Project
from briefing.stamp import StampFont, copy_identity, stamp

from conftest import RECIPIENTS, distribute_counting_builds, edit, recipients_yaml

EDITION = "2025-07-15"
HEADER = "copy,recipient,organisation,file,sha256,edition_date,issue,document_id,signer"


def copy_file(number: int) -> str:
    return f"briefing-{EDITION}-copy-{number:02d}.pdf"


def register_rows(project: Path) -> list[dict[str, str]]:
    with open(project / "output/copies/register.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- twenty copies from one build ------------------------------------------------------------


def test_twenty_copies_cost_one_build(twenty_copies):
    """Twenty copies are stamped from a single build, in less time than that build took."""
    assert twenty_copies.builds == 1
    assert sorted(path.name for path in (twenty_copies.project / "output/copies").iterdir()) == [
        *(copy_file(n) for n in range(1, 21)),
        "register.csv",
    ]
    assert twenty_copies.distribution.stamp_seconds < twenty_copies.distribution.build_seconds


def test_the_build_goes_to_a_temporary_file(twenty_copies):
    """Distributing leaves output/briefing.pdf alone: the edition is built elsewhere and only stamped copies land."""
    assert not (twenty_copies.project / "output/briefing.pdf").exists()


def test_every_page_of_every_copy_carries_its_line(twenty_copies, veld_pdf):
    """Each of the twenty copies says "Copy N of 20 — NAME, ORGANISATION" at the foot of every page."""
    for number, (name, organisation) in enumerate(RECIPIENTS, start=1):
        reader = pypdf.PdfReader(twenty_copies.project / "output/copies" / copy_file(number))
        assert len(reader.pages) == len(veld_pdf.pages)
        for page in reader.pages:
            assert page.extract_text().splitlines()[-1] == f"Copy {number} of 20 — {name}, {organisation}"


def test_the_line_is_a_pagination_artifact(twenty_copies):
    """The line is drawn inside /Artifact <</Type /Pagination>> BDC … EMC, after the page's own drawing is closed."""
    with pikepdf.open(twenty_copies.project / "output/copies" / copy_file(2)) as pdf:
        for page in pdf.pages:
            operations = pikepdf.parse_content_stream(page)
            names = [str(op.operator) for op in operations]
            start = len(names) - 1 - names[::-1].index("BDC")
            tag, properties = operations[start].operands
            assert (tag, dict(properties)) == ("/Artifact", {"/Type": "/Pagination", "/Subtype": "/Footer"})
            assert names[start - 2 : start] == ["Q", "q"]  # the page's own drawing is wrapped in q … Q
            assert names[start:] == ["BDC", "g", "BT", "Tf", "Td", "Tj", "ET", "EMC", "Q"]
            assert names[0] == "q"


def test_the_line_is_set_in_the_bundled_sans_embedded(twenty_copies):
    """The copy line's font is an embedded subset of Source Sans Pro Regular, with a map back to text."""
    with pikepdf.open(twenty_copies.project / "output/copies" / copy_file(1)) as pdf:
        font = pdf.pages[0].Resources.Font.BriefingCopyLine
        assert re.fullmatch(r"/[A-Z]{6}\+SourceSansPro-Regular", str(font.BaseFont))
        (cid_font,) = font.DescendantFonts
        assert cid_font.FontDescriptor.FontFile3.Subtype == "/OpenType"
        assert b"beginbfchar" in font.ToUnicode.read_bytes()


def outline(reader: pypdf.PdfReader, items=None) -> list:
    """Every bookmark as (title, page number), nested lists for children."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found.append(outline(reader, item))
        else:
            found.append((item.title, reader.get_destination_page_number(item)))
    return found


def links(reader: pypdf.PdfReader) -> list[list[tuple]]:
    """Every link annotation per page: its rectangle and where it goes."""
    pages = []
    for page in reader.pages:
        annotations = [a.get_object() for a in page.get("/Annots", [])]
        pages.append(
            [
                (
                    [round(float(v), 2) for v in a["/Rect"]],
                    str(a.get("/A", {}).get("/URI", "")),
                    str(a.get("/Dest", a.get("/A", {}).get("/D", ""))),
                )
                for a in annotations
                if a["/Subtype"] == "/Link"
            ]
        )
    return pages


def test_links_and_bookmarks_survive(twenty_copies, veld_pdf):
    """A copy's link annotations and outline are those of the unstamped briefing."""
    copy = pypdf.PdfReader(twenty_copies.project / "output/copies" / copy_file(7))
    assert sum(len(page) for page in links(veld_pdf)) > 20  # citations, contents and web links
    assert links(copy) == links(veld_pdf)
    assert outline(veld_pdf)
    assert outline(copy) == outline(veld_pdf)
    assert copy.named_destinations.keys() == veld_pdf.named_destinations.keys()


def test_each_copy_has_its_own_document_id_and_xmp_identifier(twenty_copies):
    """The first half of /ID and the XMP identifiers name the copy; they are those the register records."""
    rows = register_rows(twenty_copies.project)
    seen = set()
    for row in rows:
        with pikepdf.open(twenty_copies.project / "output/copies" / row["file"]) as pdf:
            permanent = bytes(pdf.trailer.ID[0]).hex()
            meta = pdf.open_metadata()
            assert meta["dc:identifier"] == meta["xmpMM:DocumentID"] == row["document_id"]
            assert meta["dc:title"] == "Water stress in the Veld basin"  # the rest of the metadata is kept
        assert (
            row["document_id"]
            == f"urn:uuid:{permanent[:8]}-{permanent[8:12]}-{permanent[12:16]}-{permanent[16:20]}-{permanent[20:]}"
        )
        seen.add(row["document_id"])
    assert len(seen) == 20


def test_register_lists_every_copy_with_its_hash(twenty_copies):
    """register.csv has a header and one line per copy: who, which file, its SHA-256, the edition, issue 1."""
    folder = twenty_copies.project / "output/copies"
    text = (folder / "register.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    rows = register_rows(twenty_copies.project)
    assert [(r["copy"], r["recipient"], r["organisation"], r["file"]) for r in rows] == [
        (str(n), name, organisation, copy_file(n)) for n, (name, organisation) in enumerate(RECIPIENTS, start=1)
    ]
    for row in rows:
        assert row["sha256"] == hashlib.sha256((folder / row["file"]).read_bytes()).hexdigest()
        assert (row["edition_date"], row["issue"], row["signer"]) == (EDITION, "1", "")


def test_copies_and_register_get_the_users_umask(twenty_copies):
    """Copies and the register are readable by others under the usual umask (0644), not private (0600)."""
    mask = os.umask(0)
    os.umask(mask)
    for path in (twenty_copies.project / "output/copies").iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask


# --- issuing again ---------------------------------------------------------------------------


def test_a_second_issue_needs_reissue(twenty_copies, tmp_path, run):
    """Without --reissue an edition the register records is refused, before building, and nothing changes."""
    project = tmp_path / "veld"
    shutil.copytree(twenty_copies.project, project)
    before = {path.name: path.read_bytes() for path in (project / "output/copies").iterdir()}
    result = run("distribute", project, "--recipients", project / "recipients.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: output/copies/register.csv already records issue 1 of the 2025-07-15 edition (20 copies); "
        "pass --reissue to issue it again (the register keeps the earlier lines)\n"
    )
    assert {path.name: path.read_bytes() for path in (project / "output/copies").iterdir()} == before


def test_a_reissue_appends_and_repeats_every_byte(twenty_copies, tmp_path):
    """--reissue keeps the register's lines and adds twenty marked issue 2; the same input gives the same copies."""
    project = tmp_path / "veld"
    shutil.copytree(twenty_copies.project, project)
    register = project / "output/copies/register.csv"
    first_register = register.read_bytes()
    first_copies = {n: (project / "output/copies" / copy_file(n)).read_bytes() for n in range(1, 21)}

    result, builds = distribute_counting_builds(project, project / "recipients.yaml", reissue=True)

    assert builds == 1
    assert register.read_bytes().startswith(first_register)
    rows = register_rows(project)
    assert len(rows) == 40
    for first, again in zip(rows[:20], rows[20:], strict=True):
        assert again["issue"] == "2"
        assert {**again, "issue": "1"} == first  # same copy, file, hash and identifier
    assert {n: (project / "output/copies" / copy_file(n)).read_bytes() for n in range(1, 21)} == first_copies
    assert [entry.issue for entry in result.entries] == [2] * 20


def test_an_unregistered_copy_is_not_overwritten(prebuilt, veld, run, monkeypatch):
    """A copy file the register does not record is refused, unless --reissue says to replace it."""
    monkeypatch.chdir(veld)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:2]), encoding="utf-8")
    (veld / "output/copies").mkdir(parents=True)
    (veld / "output/copies" / copy_file(2)).write_bytes(b"someone's file")
    result = run("distribute", "--recipients", "recipients.yaml")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: output/copies/{copy_file(2)} exists but the register does not record it; "
        "move it away, or pass --reissue to replace it\n",
    )
    assert prebuilt == []
    result = run("distribute", "--recipients", "recipients.yaml", "--reissue")
    assert result.exit_code == 0, result.output
    assert (veld / "output/copies" / copy_file(2)).read_bytes()[:5] == b"%PDF-"


# --- the command line ------------------------------------------------------------------------


def test_distribute_reports_the_build_and_the_copies(prebuilt, veld, run, monkeypatch):
    """The command prints the checks' summary, both timings, and where the copies and their lines went."""
    monkeypatch.chdir(veld)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:3]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml")
    assert result.exit_code == 0, result.output
    assert re.sub(r"\d+\.\d s", "T s", result.stdout) == (
        "40 citations, 1 quote verified, 5 figures traced, 0 errors, 0 warnings\n"
        "Built the briefing (9 pages) in T s; stamped 3 copies in T s\n"
        "Wrote 3 copies to output/copies/ and 3 lines to output/copies/register.csv "
        "(issue 1 of the 2025-07-15 edition)\n"
    )
    assert len(prebuilt) == 1
    assert prebuilt[0]["output"].parent != veld / "output"


def test_numbers_given_are_kept_and_the_rest_fill_the_gaps(prebuilt, veld):
    """A recipient's own copy number is kept; the others take the lowest free numbers; M is the highest."""
    (veld / "recipients.yaml").write_text(
        "recipients:\n"
        "  - {name: Ada Okafor, organisation: Ministry of Water}\n"
        "  - {name: Zoë Ångström, organisation: Basin Authority, copy: 1}\n"
        "  - {name: Hans Müller, organisation: Federal Office for Water, copy: 5}\n"
        "  - {name: Chen Wei, organisation: River Basin Office}\n",
        encoding="utf-8",
    )
    result = distribute(Project(veld), veld / "recipients.yaml", display="recipients.yaml")
    assert [(e.copy, e.recipient, e.file) for e in result.entries] == [
        (1, "Zoë Ångström", copy_file(1)),
        (2, "Ada Okafor", copy_file(2)),
        (3, "Chen Wei", copy_file(3)),
        (5, "Hans Müller", copy_file(5)),
    ]
    text = pypdf.PdfReader(veld / "output/copies" / copy_file(3)).pages[0].extract_text()
    assert text.splitlines()[-1] == "Copy 3 of 5 — Chen Wei, River Basin Office"


def test_the_line_speaks_the_briefings_language(prebuilt, veld):
    """A French briefing's copies say "Exemplaire N sur M"; a project may reword the line under labels."""
    edit(veld / "content/briefing.yaml", "language: en-GB", "language: fr")
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:2]), encoding="utf-8")
    distribute(Project(veld), veld / "recipients.yaml", display="recipients.yaml")
    text = pypdf.PdfReader(veld / "output/copies" / copy_file(2)).pages[0].extract_text()
    assert text.splitlines()[-1] == "Exemplaire 2 sur 2 — Zoë Ångström, Basin Authority"


def test_a_tagged_pdf_stays_tagged(tmp_path):
    """Stamping keeps the structure tree and marks, and draws the line outside it, as an artifact."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    pdf.pages[0].StructParents = 0
    buffer = io.BytesIO()
    pdf.save(buffer)
    line = "Copy 1 of 1 — Ada Okafor, Ministry of Water"
    stamped = stamp(buffer.getvalue(), line, StampFont.for_lines([line]), copy_identity("edition", 1, b""))
    with pikepdf.open(io.BytesIO(stamped)) as result:
        assert result.Root.MarkInfo.Marked is True
        assert result.Root.StructTreeRoot.Type == "/StructTreeRoot"
        assert result.pages[0].StructParents == 0
        (marked,) = [op for op in pikepdf.parse_content_stream(result.pages[0]) if str(op.operator) == "BDC"]
        assert marked.operands[0] == "/Artifact"  # no /MCID: the line is not content of the structure tree
    assert pypdf.PdfReader(io.BytesIO(stamped)).pages[0].extract_text() == line


# --- bad recipients files --------------------------------------------------------------------

BAD_RECIPIENTS = {
    "an empty list": (
        "recipients: []\n",
        ["recipients.yaml:1:1: error: 'recipients' needs at least 1 item(s), has 0"],
    ),
    "no recipients key": (
        "- name: Ada Okafor\n  organisation: Ministry of Water\n",
        ["recipients.yaml:1:1: error: the file must be a mapping with a 'recipients:' list"],
    ),
    "duplicate copy numbers": (
        "recipients:\n"
        "  - name: Ada Okafor\n    organisation: Ministry of Water\n    copy: 2\n"
        "  - name: Zoë Ångström\n    organisation: Basin Authority\n    copy: 2\n",
        ["recipients.yaml:7:5: error: copy 2 is already Ada Okafor's (line 2); give each recipient a different number"],
    ),
    "a misspelt key": (
        "recipients:\n  - name: Ada Okafor\n    organization: Ministry of Water\n",
        [
            "recipients.yaml:2:5: error: missing required field 'organisation'; add it",
            "recipients.yaml:3:5: error: unknown key 'organization'; did you mean 'organisation'?",
        ],
    ),
    "a copy number that is text": (
        'recipients:\n  - name: Ada Okafor\n    organisation: Ministry of Water\n    copy: "3"\n',
        ["recipients.yaml:4:5: error: 'copy' must be a whole number, not text"],
    ),
    "copy zero": (
        "recipients:\n  - name: Ada Okafor\n    organisation: Ministry of Water\n    copy: 0\n",
        ["recipients.yaml:4:5: error: 'copy' must be 1 or more, not 0"],
    ),
    "a name on two lines": (
        'recipients:\n  - name: "Ada\\nOkafor"\n    organisation: Ministry of Water\n',
        [
            "recipients.yaml:2:5: error: 'name': must be on one line: it is printed in the footer of every page",
        ],
    ),
    "a script the font lacks": (
        "recipients:\n  - name: Ada Okafor\n    organisation: Ministry of Water\n"
        "  - name: عمر\n    organisation: وزارة المياه\n",
        [
            "recipients.yaml:4:5: error: the copy line cannot print 'ع' (U+0639), 'م' (U+0645), 'ر' (U+0631), "
            "'و' (U+0648), 'ز' (U+0632), 'ا' (U+0627), 'ة' (U+0629), 'ل' (U+0644), 'ي' (U+064A), "
            "'ه' (U+0647): its font (Source Sans Pro) has no glyph for it; write the name in Latin, Greek or "
            "Cyrillic script"
        ],
    ),
    "YAML that does not parse": (
        "recipients:\n  - name: [Ada\n",
        ["recipients.yaml:3:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'"],
    ),
}


@pytest.mark.parametrize("case", BAD_RECIPIENTS, ids=list(BAD_RECIPIENTS))
def test_bad_recipients_files_are_reported_at_their_line(case, prebuilt, veld, run, monkeypatch):
    """A bad recipients file gets file:line:col errors like content, exit 1, before anything is built."""
    text, expected = BAD_RECIPIENTS[case]
    monkeypatch.chdir(veld)
    (veld / "recipients.yaml").write_text(text, encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml")
    noun = "error" if len(expected) == 1 else "errors"
    assert result.stderr == "\n".join([*expected, f"Error: {len(expected)} content {noun}; nothing was written.", ""])
    assert result.exit_code == 1
    assert prebuilt == []
    assert not (veld / "output/copies").exists()


def test_a_line_too_wide_for_the_page_is_refused(prebuilt, veld, run, monkeypatch):
    """A copy line wider than the page between its margins is an error at the recipient's line."""
    monkeypatch.chdir(veld)
    long_name = "Alexandra " * 20
    (veld / "recipients.yaml").write_text(
        f"recipients:\n  - name: Ada Okafor\n    organisation: Ministry of Water\n"
        f"  - name: {long_name.strip()}\n    organisation: Ministry of Water\n",
        encoding="utf-8",
    )
    result = run("distribute", "--recipients", "recipients.yaml")
    assert result.stderr == (
        "recipients.yaml:4:5: error: the copy line for copy 2 is 285 mm wide and the page has room for 170 mm; "
        "shorten the name or the organisation\nError: 1 content error; nothing was written.\n"
    )
    assert result.exit_code == 1
    assert not (veld / "output/copies").exists()


def test_a_copy_line_label_with_unknown_placeholders(prebuilt, veld, run, monkeypatch):
    """A project's own copy_line may only use {n}, {total}, {name} and {organisation}."""
    monkeypatch.chdir(veld)
    with open(veld / "content/briefing.yaml", "a", encoding="utf-8") as handle:
        handle.write('labels:\n  copy_line: "No. {number}"\n')
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:1]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml")
    line = len((veld / "content/briefing.yaml").read_text(encoding="utf-8").splitlines())
    assert result.stderr == (
        f"content/briefing.yaml:{line}:3: error: 'copy_line' may use {{n}}, {{total}}, {{name}} and "
        "{organisation} only, not 'number'\nError: 1 content error; nothing was written.\n"
    )
    assert result.exit_code == 1


def test_a_missing_recipients_file_is_a_usage_error(veld, run):
    """A recipients file that does not exist is click's usage error (exit 2)."""
    result = run("distribute", veld, "--recipients", veld / "nobody.yaml")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for '--recipients': File '{veld / 'nobody.yaml'}' does not exist.\n"
    )


def test_recipients_are_required(veld, run):
    """distribute without --recipients is a usage error."""
    result = run("distribute", veld)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Missing option '--recipients'.\n")


def test_content_errors_stop_before_anything_is_written(prebuilt, veld, run, monkeypatch):
    """Content that does not load is reported as content errors, and nothing is built or written."""
    monkeypatch.chdir(veld)
    edit(veld / "content/briefing.yaml", "date: 2025-07-15", "date: 15 July")
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:1]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 1 content error; nothing was written.\n")
    assert "'15 July' is not a date" in result.stderr
    assert prebuilt == []


# --- signing ---------------------------------------------------------------------------------


def test_signed_copies_carry_a_pades_signature(prebuilt, veld, run, monkeypatch, signing_key):
    """--sign adds an invisible PAdES signature to each copy and records the certificate in the register."""
    monkeypatch.chdir(veld)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:2]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml", "--sign", signing_key, "--sign-password", "secret")
    assert result.exit_code == 0, result.output
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    _key, certificate, _ = pkcs12.load_key_and_certificates(signing_key.read_bytes(), b"secret")
    fingerprint = hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()
    for row in register_rows(veld):
        assert row["signer"] == fingerprint
        reader = pypdf.PdfReader(veld / "output/copies" / row["file"])
        (field,) = reader.get_fields().values()
        assert field["/FT"] == "/Sig"
        assert field["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"
        widget = reader.pages[0]["/Annots"][-1].get_object()
        assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]  # invisible


def test_the_password_may_come_from_the_environment(prebuilt, veld, run, monkeypatch, signing_key):
    """BRIEFING_SIGN_PASSWORD stands in for --sign-password."""
    monkeypatch.chdir(veld)
    monkeypatch.setenv("BRIEFING_SIGN_PASSWORD", "secret")
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:1]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml", "--sign", signing_key)
    assert result.exit_code == 0, result.output


def test_bad_signing_keys_are_refused_before_building(prebuilt, veld, run, monkeypatch, signing_key, tmp_path):
    """A wrong or missing password, a file that is not PKCS#12, and a password without a key: clear errors."""
    monkeypatch.chdir(veld)
    monkeypatch.delenv("BRIEFING_SIGN_PASSWORD", raising=False)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:1]), encoding="utf-8")
    shutil.copyfile(signing_key, veld / "desk.p12")
    args = ["distribute", "--recipients", "recipients.yaml"]

    result = run(*args, "--sign", "desk.p12", "--sign-password", "guess")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: the password does not open desk.p12; check --sign-password or BRIEFING_SIGN_PASSWORD\n",
    )
    result = run(*args, "--sign", "desk.p12")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: desk.p12 is protected by a password; give it with --sign-password or in BRIEFING_SIGN_PASSWORD\n",
    )
    result = run(*args, "--sign", "recipients.yaml", "--sign-password", "secret")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: recipients.yaml is not a PKCS#12 file (.p12 or .pfx); export the key as PKCS#12\n",
    )
    result = run(*args, "--sign-password", "secret")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --sign-password needs --sign KEY.p12\n")
    result = run(*args, "--sign", "missing.p12")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--sign': File 'missing.p12' does not exist.\n")
    assert prebuilt == []


def test_a_key_without_a_password_opens_without_one(prebuilt, veld, run, monkeypatch, tmp_path):
    """A PKCS#12 file saved without a password signs with no --sign-password."""
    from conftest import make_key

    monkeypatch.chdir(veld)
    monkeypatch.delenv("BRIEFING_SIGN_PASSWORD", raising=False)
    key = make_key(tmp_path / "open.p12", "Open Desk", None)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:1]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml", "--sign", key)
    assert result.exit_code == 0, result.output
