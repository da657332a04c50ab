"""Test briefing verify: which copy a file is, whether it is byte for byte as issued, and its signature."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest

from conftest import RECIPIENTS, make_key, recipients_yaml

EDITION = "2025-07-15"


def copy_file(number: int) -> str:
    return f"briefing-{EDITION}-copy-{number:02d}.pdf"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changed(source: Path, target: Path, offset: int | None = None) -> Path:
    """``source`` written to ``target`` with one byte changed (in the middle unless ``offset`` is given)."""
    data = bytearray(source.read_bytes())
    at = len(data) // 2 if offset is None else offset
    data[at] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def test_each_of_twenty_copies_verifies(twenty_copies, run, monkeypatch):
    """Every one of the twenty copies is found in its project's register and is byte for byte as issued."""
    monkeypatch.chdir(twenty_copies.project)
    for number, (name, organisation) in enumerate(RECIPIENTS, start=1):
        result = run("verify", f"output/copies/{copy_file(number)}")
        assert (result.exit_code, result.stdout) == (
            0,
            f"output/copies/{copy_file(number)}: copy {number} of 20 of the {EDITION} edition (issue 1), "
            f"issued to {name}, {organisation}\nByte for byte the file issued.\n",
        )


def test_one_changed_byte_is_reported_as_altered(twenty_copies, run, monkeypatch):
    """A copy with one byte changed is still named by its document ID, but reported altered, exit 1."""
    monkeypatch.chdir(twenty_copies.project)
    original = Path("output/copies") / copy_file(4)
    altered = changed(original, twenty_copies.project / "altered.pdf")
    result = run("verify", "altered.pdf")
    assert (result.exit_code, result.stdout) == (
        1,
        f"altered.pdf: copy 4 of 20 of the {EDITION} edition (issue 1), issued to Σοφία Παππά, Hellenic Water Board\n"
        f"ALTERED: not the file issued (its SHA-256 is {sha256(altered)}, not {sha256(original)}).\n",
    )


def test_a_file_the_register_does_not_know(twenty_copies, veld_build, run, monkeypatch):
    """The unstamped briefing is no copy: unknown, exit 1."""
    monkeypatch.chdir(twenty_copies.project)
    shutil.copyfile(veld_build.pdf, twenty_copies.project / "plain.pdf")
    result = run("verify", "plain.pdf")
    assert (result.exit_code, result.stdout) == (
        1,
        "plain.pdf: unknown: output/copies/register.csv records no copy with its SHA-256 or its document ID\n",
    )


def test_the_register_beside_the_file_is_found(twenty_copies, tmp_path, run, monkeypatch):
    """A copy kept outside any project is checked against the register beside it."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(twenty_copies.project / "output/copies" / copy_file(1), tmp_path / "mine.pdf")
    shutil.copyfile(twenty_copies.project / "output/copies/register.csv", tmp_path / "register.csv")
    result = run("verify", "mine.pdf")
    assert result.exit_code == 0
    assert result.stdout.startswith("mine.pdf: copy 1 of 20 of the 2025-07-15 edition (issue 1), issued to Ada Okafor")


def test_register_option(twenty_copies, tmp_path, run, monkeypatch):
    """--register names the register to look in."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(twenty_copies.project / "output/copies" / copy_file(2), tmp_path / "mine.pdf")
    result = run("verify", "mine.pdf", "--register", twenty_copies.project / "output/copies/register.csv")
    assert result.exit_code == 0
    assert result.stdout.endswith("issued to Zoë Ångström, Basin Authority\nByte for byte the file issued.\n")


def test_no_register_is_an_error(twenty_copies, tmp_path, run, monkeypatch):
    """Without a register to look in, verify says where it looked and how to name one."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(twenty_copies.project / "output/copies" / copy_file(1), tmp_path / "mine.pdf")
    result = run("verify", "mine.pdf")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no register at register.csv; pass the register with --register CSV\n",
    )
    result = run("verify", "mine.pdf", "--register", "nowhere.csv")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--register': File 'nowhere.csv' does not exist.\n")


def test_not_a_pdf(tmp_path, run, monkeypatch):
    """verify on a file that is not a PDF says so, exit 1."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "register.csv").write_text("", encoding="utf-8")
    result = run("verify", "notes.txt")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: notes.txt is not a PDF (it has no %PDF- header); verify checks copies of a briefing\n",
    )
    result = run("verify", tmp_path)
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,sha\n", "register.csv:1: not a register of copies: its first line must be "),
        ("", "register.csv:1: not a register of copies: its first line must be "),
        (
            "copy,recipient,organisation,file,sha256,edition_date,issue,document_id,signer\n1,A,B,f.pdf\n",
            "register.csv:2: 4 fields; a line of the register has 9",
        ),
        (
            "copy,recipient,organisation,file,sha256,edition_date,issue,document_id,signer\none,A,B,f,s,d,1,u,\n",
            "register.csv:2: 'copy' must be a whole number, not 'one'",
        ),
    ],
)
def test_a_malformed_register_is_reported_at_its_line(text, message, twenty_copies, tmp_path, run, monkeypatch):
    """A register that is not one is an error naming the line, never a traceback."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(twenty_copies.project / "output/copies" / copy_file(1), tmp_path / "mine.pdf")
    (tmp_path / "register.csv").write_text(text, encoding="utf-8")
    result = run("verify", "mine.pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")


# --- signed copies ---------------------------------------------------------------------------


@pytest.fixture
def signed(prebuilt, veld, signing_key, run, monkeypatch) -> Path:
    """The Veld fixture distributed, signed, to three recipients; the working folder is the project."""
    monkeypatch.chdir(veld)
    (veld / "recipients.yaml").write_text(recipients_yaml(RECIPIENTS[:3]), encoding="utf-8")
    result = run("distribute", "--recipients", "recipients.yaml", "--sign", signing_key, "--sign-password", "secret")
    assert result.exit_code == 0, result.output
    return veld


def fingerprint(project: Path) -> str:
    return (project / "output/copies/register.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[-1]


def test_a_signed_copy_verifies_with_its_certificate(signed, run):
    """A signed copy is as issued, and its signature is valid and made by the certificate the register records."""
    result = run("verify", f"output/copies/{copy_file(3)}")
    assert (result.exit_code, result.stdout) == (
        0,
        f"output/copies/{copy_file(3)}: copy 3 of 3 of the {EDITION} edition (issue 1), issued to Łukasz Wróbel, "
        "Embassy of Poland\nByte for byte the file issued.\n"
        f"Signature: valid; by Common Name: Basin Desk (certificate SHA-256 {fingerprint(signed)}), "
        "the certificate the register records.\n",
    )


def test_a_changed_byte_breaks_the_signature(signed, run):
    """One byte changed inside the signed range: the file is altered and the signature broken."""
    original = Path("output/copies") / copy_file(1)
    altered = changed(original, signed / "altered.pdf", offset=2000)
    result = run("verify", "altered.pdf")
    assert (result.exit_code, result.stdout) == (
        1,
        f"altered.pdf: copy 1 of 3 of the {EDITION} edition (issue 1), issued to Ada Okafor, Ministry of Water\n"
        f"ALTERED: not the file issued (its SHA-256 is {sha256(altered)}, not {sha256(original)}).\n"
        f"Signature: BROKEN: the signed bytes were changed; by Common Name: Basin Desk (certificate SHA-256 "
        f"{fingerprint(signed)}), the certificate the register records.\n",
    )


def test_an_update_after_signing_is_seen(signed, run):
    """A change appended after signing leaves the signature intact but not covering the file."""
    from pyhanko.pdf_utils.generic import pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data = (signed / "output/copies" / copy_file(2)).read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Note"] = pdf_string("added after signing")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    (signed / "updated.pdf").write_bytes(out.getvalue())
    result = run("verify", "updated.pdf")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        f"ALTERED: not the file issued (its SHA-256 is {sha256(signed / 'updated.pdf')}, "
        f"not {sha256(signed / 'output/copies' / copy_file(2))}).",
        "Signature: valid, but it covers only part of the file: something was added after signing; by Common "
        f"Name: Basin Desk (certificate SHA-256 {fingerprint(signed)}), the certificate the register records.",
    ]


def test_a_signature_by_another_certificate_fails(signed, run, tmp_path):
    """A copy re-signed with another key is not the file issued, and its signer is not the register's."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from briefing.signing import load_key

    other = load_key(make_key(tmp_path / "other.p12", "Someone Else", b"x"), "x", "other.p12")
    writer = IncrementalPdfFileWriter(io.BytesIO((signed / "output/copies" / copy_file(1)).read_bytes()))
    resigned = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Second"), signer=other.signer)
    (signed / "resigned.pdf").write_bytes(resigned.getvalue())
    result = run("verify", "resigned.pdf")
    assert result.exit_code == 1
    first, second = result.stdout.splitlines()[-2:]
    assert first == (
        f"Signature: valid, but it covers only part of the file: something was added after signing; by Common "
        f"Name: Basin Desk (certificate SHA-256 {fingerprint(signed)}), the certificate the register records."
    )
    assert second == (
        f"Signature: valid; by Common Name: Someone Else (certificate SHA-256 {other.fingerprint}), "
        "NOT the certificate the register records."
    )


def test_an_unsigned_copy_of_a_signed_issue_fails(signed, run, twenty_copies):
    """A register that records a signature and a file without one: the copy is not as issued."""
    from briefing.verify import verify

    register = signed / "output/copies/register.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    unsigned = twenty_copies.project / "output/copies" / copy_file(1)
    # The register of the signed issue, claiming the unsigned copy's hash: the missing signature is what fails.
    rows[1] = ",".join([*rows[1].split(",")[:4], sha256(unsigned), *rows[1].split(",")[5:]])
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")
    verdict = verify(unsigned, register, display="copy.pdf", register_display="register.csv")
    assert verdict.status == "issued"
    assert not verdict.ok
    assert verdict.lines("copy.pdf", "register.csv")[-1] == "Signature: none, though the register records one."


def test_a_signer_the_register_does_not_name_fails(signed, run):
    """A copy whose signature was made by another certificate than the register records is not as issued."""
    register = signed / "output/copies/register.csv"
    recorded = fingerprint(signed)
    register.write_text(register.read_text(encoding="utf-8").replace(recorded, "0" * 64), encoding="utf-8")
    result = run("verify", f"output/copies/{copy_file(1)}")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        1,
        [
            "Byte for byte the file issued.",
            f"Signature: valid; by Common Name: Basin Desk (certificate SHA-256 {recorded}), "
            "NOT the certificate the register records.",
        ],
    )
