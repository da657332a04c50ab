"""Shared fixtures: briefings built once per session into temporary folders, and throwaway copies.

Every build here writes into a temporary copy of its project, so the chart
cache and the output of one test never leak into another or into the
working tree.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

from briefing.build import BuildResult, build
from briefing.cli import cli
from briefing.distribute import Distribution, distribute
from briefing.html_edition import HtmlResult, build_html
from briefing.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# No deadline (speed is the benchmark's business) and, in CI, a fixed seed so a run is repeatable.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's inputs (content/, styles/), without its output."""
    for folder in ("content", "styles"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> BuildResult:
    """The repository's own briefing, built once in a temporary copy."""
    project = copy_project(REPO, tmp_path_factory.mktemp("bundled"))
    return build(Project(project))


@pytest.fixture(scope="session")
def bundled_pdf(bundled_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(bundled_build.pdf)


@pytest.fixture(scope="session")
def veld_build(tmp_path_factory) -> BuildResult:
    """The Veld fixture (another topic, every content type), built once in a temporary copy."""
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("veld"))
    return build(Project(project))


@pytest.fixture(scope="session")
def veld_pdf(veld_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(veld_build.pdf)


@pytest.fixture
def veld(tmp_path, veld_build) -> Path:
    """A copy of the Veld fixture, safe to break, with its charts already drawn (as on an analyst's machine)."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    shutil.copytree(veld_build.pdf.parent / ".cache", project / "output" / ".cache")
    return project


@pytest.fixture
def fresh_veld(tmp_path) -> Path:
    """A copy of the Veld fixture with nothing cached: its charts are drawn on the first build."""
    return copy_project(FIXTURES / "veld", tmp_path / "fresh-veld")


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    """A copy of the smallest project that builds."""
    return copy_project(FIXTURES / "minimal", tmp_path / "minimal")


@pytest.fixture
def briefing_copy(tmp_path) -> Path:
    """A copy of the bundled briefing's content and styles."""
    return copy_project(REPO, tmp_path / "bundled")


@pytest.fixture
def run():
    """Run the CLI in-process; returns click's Result with separate stdout and stderr."""

    def invoke(*args: str | Path):
        return CliRunner().invoke(cli, [str(arg) for arg in args])

    return invoke


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file, so a test edit cannot silently miss."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the only line of ``path`` containing ``needle``."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path}"
    return lines[0]


def problems_of(project: Path) -> list[str]:
    """``briefing check``'s problem lines for ``project``, sorted as printed."""
    from briefing.checks import check_project

    _content, report = check_project(Project(project))
    return [problem.format() for problem in sorted(report.problems)]


def squashed(text: str) -> str:
    """Text without any whitespace: line breaks and SVG glyph runs fall anywhere."""
    return "".join(text.split())


def pdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


# --- numbered copies (briefing distribute / verify) ----------------------------------------------

#: Twenty recipients: accents, Polish, Greek and Cyrillic letters, so the stamped font and its text map are tested.
RECIPIENTS = [
    ("Ada Okafor", "Ministry of Water"),
    ("Zoë Ångström", "Basin Authority"),
    ("Łukasz Wróbel", "Embassy of Poland"),
    ("Σοφία Παππά", "Hellenic Water Board"),
    ("Ирина Петрова", "Caspian Institute"),
    ("Jean-Luc Dupont", "Kessler Institute"),
    ("María José Núñez", "Selby Farmers’ Association"),
    ("Tomás O’Brien", "Irish Aid"),
    ("Priya Raman", "Delta Commission"),
    ("Chen Wei", "River Basin Office"),
    ("Fatima Diallo", "Sahel Water Forum"),
    ("Hans Müller", "Federal Office for Water"),
    ("Kwame Mensah", "Volta Basin Authority"),
    ("Ana Lima", "Ministry of Agriculture"),
    ("Ole Nordmann", "Nordic Hydrology Centre"),
    ("Yusuf Demir", "Euphrates Council"),
    ("Mei Tanaka", "Japan Water Agency"),
    ("Carlos Ruiz", "Ebro Confederation"),
    ("Grace Njeri", "Lake Victoria Commission"),
    ("Sam Taylor", "Parliamentary Research Service"),
]


def recipients_yaml(people: list[tuple[str, str]]) -> str:
    """A recipients file listing ``people`` (name, organisation), unnumbered."""
    lines = ["recipients:"]
    for name, organisation in people:
        lines += [f'  - name: "{name}"', f'    organisation: "{organisation}"']
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Issued:
    """A Veld project distributed to the twenty RECIPIENTS, and how many builds that took."""

    project: Path
    distribution: Distribution
    builds: int


def distribute_counting_builds(project: Path, recipients: Path, **options: Any) -> tuple[Distribution, int]:
    """Distribute ``project`` with the real build, counting how often it is called."""
    builds = []

    def counting(*args: Any, **kwargs: Any) -> BuildResult:
        builds.append(kwargs)
        return build(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("briefing.distribute.build", counting)
        result = distribute(Project(project), recipients, display=recipients.name, **options)
    return result, len(builds)


@pytest.fixture(scope="session")
def twenty_copies(tmp_path_factory, veld_build) -> Issued:
    """The Veld fixture distributed once to twenty recipients (one real build, twenty stamps)."""
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("twenty") / "veld")
    shutil.copytree(veld_build.pdf.parent / ".cache", project / "output" / ".cache")
    recipients = project / "recipients.yaml"
    recipients.write_text(recipients_yaml(RECIPIENTS), encoding="utf-8")
    result, builds = distribute_counting_builds(project, recipients)
    return Issued(project, result, builds)


@pytest.fixture
def prebuilt(monkeypatch, veld_build) -> list[dict[str, Any]]:
    """Distribution without layout: ``build`` hands back the session's Veld PDF. Returns the builds asked for."""
    calls: list[dict[str, Any]] = []

    def fake(project: Project, **kwargs: Any) -> BuildResult:
        calls.append(kwargs)
        shutil.copyfile(veld_build.pdf, kwargs["output"])
        return dataclasses.replace(veld_build, pdf=kwargs["output"], warnings=[])

    monkeypatch.setattr("briefing.distribute.build", fake)
    return calls


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory) -> Path:
    """A throwaway PKCS#12 file (password 'secret'): a self-signed certificate made now, never shipped."""
    return make_key(tmp_path_factory.mktemp("key") / "desk.p12", "Basin Desk", b"secret")


def make_key(path: Path, common_name: str, password: bytes | None) -> Path:
    """Write a new EC key and a self-signed signing certificate for ``common_name`` to ``path`` (PKCS#12)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"desk", key, certificate, None, encryption))
    return path


def yaml_as_text(path: Path) -> Any:
    """A YAML file through ``yaml.safe_load``, with dates as the text they were written as.

    PyYAML reads ``2021-08-15`` as a date (YAML 1.1); briefing and editors
    (YAML 1.2) read it as text, which is what the editor schema describes.
    """

    def text(data: Any) -> Any:
        if isinstance(data, dict):
            return {key: text(value) for key, value in data.items()}
        if isinstance(data, list):
            return [text(value) for value in data]
        return data.isoformat() if isinstance(data, datetime.date) else data

    return text(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- the HTML edition, in a real browser ----------------------------------------------------------


@pytest.fixture(scope="session")
def veld_html(tmp_path_factory, veld_build) -> HtmlResult:
    """The Veld fixture's HTML edition, built once with the PDF build's drawings; its cache keeps the web fonts."""
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("veld-html") / "veld")
    shutil.copytree(veld_build.pdf.parent / ".cache", project / "output" / ".cache")
    return build_html(Project(project))


@pytest.fixture
def html_veld(tmp_path, veld_html) -> Path:
    """A copy of the Veld fixture, safe to break, with its drawings and subset fonts already cached."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    shutil.copytree(veld_html.path.parent / ".cache", project / "output" / ".cache")
    return project


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from the system (Debian's chromium), driven by Playwright; never a downloaded build.

    Per module, not per session: while Playwright's sync API is running, its event loop is
    the thread's running loop, and code under test that calls asyncio.run() (pyHanko's
    signing) fails; the loop must be gone before the other modules run.
    """
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser page, with every console message, uncaught error and request it made."""

    page: Any
    console: list[str]
    requests: list[str]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error:", "warning:", "pageerror:"))]


@pytest.fixture
def open_page(browser):
    """Open a URL in a fresh browser context at a given width; returns a ``Watched`` page."""
    contexts = []

    def opener(url: str, *, width: int = 1280, height: int = 900) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page, [], [])
        page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: watched.console.append(f"pageerror: {error}"))
        page.on("request", lambda request: watched.requests.append(request.url))
        page.goto(url)
        return watched

    yield opener
    for context in contexts:
        context.close()
