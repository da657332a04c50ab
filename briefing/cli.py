"""The ``briefing`` command line: a thin layer that maps options onto library calls."""

from __future__ import annotations

import contextlib
import itertools
import json
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing import __version__
from briefing.project import Project, relative

if TYPE_CHECKING:
    from briefing.build import BuildResult

OUTPUT_HELP = "Where to write the PDF, or the HTML (default: PROJECT_DIR/output/briefing.pdf or .html)."
HTML_HELP = "Deprecated: also write the HTML edition beside the PDF; use --format html."
STRICT_HELP = "Treat warnings as errors."
PAPER_HELP = "Paper size, overriding meta.paper in briefing.yaml."
TITLE_HELP = "The briefing's title."
LANGUAGE_HELP = "Its language, a BCP 47 tag: en-GB, en-US, fr, de…"
BUILD_FORMAT_HELP = (
    "pdf: the briefing; html: the HTML edition, one self-contained page for the screen (output/briefing.html); "
    "evidence: the evidence record for the editor (output/evidence.pdf)."
)
VARIANT_HELP = "pdf/ua-1: accessible (tagged); pdf/a-3a: archival and tagged, carrying the archived sources."
DRAFT_HELP = "Draw DRAFT across every page."
EDITION_HELP = "full: the briefing; brief: the two-page executive edition (output/brief.pdf)."
PRINT_MARKS_HELP = "Add 3 mm bleed and crop marks, for a print shop."
FORMAT_HELP = "text: one line per problem and a summary; json: a machine-readable report for CI."
RECIPIENTS_HELP = "YAML file listing who receives a copy: name, organisation and, optionally, copy."
REISSUE_HELP = "Issue an edition the register already records again; the register keeps the earlier lines."
SIGN_HELP = "Sign each copy (PAdES) with the key and certificate in this PKCS#12 file."
SIGN_PASSWORD_HELP = "The PKCS#12 file's password (or set BRIEFING_SIGN_PASSWORD)."
PORT_HELP = "The port on 127.0.0.1 to serve on; 0 takes a free one."
SERVE_PDF_HELP = "Also write the PDF after every good save, in the background."
REGISTER_HELP = "The register to look in (default: output/copies/register.csv of the file's project, or beside it)."


@contextlib.contextmanager
def _status_line() -> Iterator[Callable[[str], None] | None]:
    """A line on stderr that each step of a long command overwrites, on a terminal only.

    Logs, pipes and CI get the result lines alone; the line is wiped before
    anything else is printed, errors included.
    """
    if not sys.stderr.isatty():
        yield None
        return

    def show(step: str) -> None:
        click.echo(f"\r\033[K{step}…", err=True, nl=False)

    try:
        yield show
    finally:
        click.echo("\r\033[K", err=True, nl=False)


def _project(ctx: click.Context, param: click.Parameter, value: str) -> Project:
    try:
        return Project.find(value)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


project_argument = click.argument(
    "project", metavar="[PROJECT_DIR]", default=".", callback=_project, type=click.Path(file_okay=False)
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Keep a policy briefing as YAML and print it as a sourced PDF."""


@cli.command()
@project_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=OUTPUT_HELP)
@click.option("--html", is_flag=True, help=HTML_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--paper", type=click.Choice(["a4", "letter"]), help=PAPER_HELP)
@click.option(
    "--format", "output_format", type=click.Choice(["pdf", "html", "evidence"]), default="pdf", help=BUILD_FORMAT_HELP
)
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3a"]), default="pdf/ua-1", help=VARIANT_HELP)
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("--print-marks", is_flag=True, help=PRINT_MARKS_HELP)
@click.option("--edition", type=click.Choice(["full", "brief"]), default="full", help=EDITION_HELP)
def build(
    project: Project,
    output: Path | None,
    html: bool,
    strict: bool,
    paper: str | None,
    output_format: str,
    pdf_variant: str,
    draft: bool,
    print_marks: bool,
    edition: str,
) -> None:
    """Check the content and build the PDF."""
    from briefing.build import build as build_briefing
    from briefing.files import TargetRefused

    if edition == "brief" and output_format != "pdf":
        raise click.UsageError(
            f"--edition brief prints the brief as a PDF; --format {output_format} is for the full edition"
        )
    if output_format == "html" or html:
        _pdf_only_options(output_format, html)
    if output_format == "html":
        return _build_html(project, output, strict=strict, paper=paper)
    if html and output is not None and output.suffix.lower() == ".html":
        raise click.BadParameter(
            f"the PDF and the HTML would both be written to {output}; name the PDF .pdf", param_hint="'-o' / '--output'"
        )
    try:
        with _status_line() as progress:
            result = build_briefing(
                project,
                output=output,
                strict=strict,
                paper=paper,
                output_format=output_format,
                pdf_variant=pdf_variant,
                draft=draft,
                print_marks=print_marks,
                edition=edition,
                progress=progress,
            )
    except TargetRefused as err:
        raise click.BadParameter(str(err), param_hint="'-o' / '--output'") from None
    _show_built(result, summary=True)
    if html:
        # What --html users expect beside the PDF: a page they can open, which is now the HTML edition.
        click.echo("briefing: --html is deprecated; use --format html to write the HTML edition", err=True)
        _build_html(project, result.pdf.with_suffix(".html"), strict=strict, paper=paper)


def _show_built(result: BuildResult, *, summary: bool) -> None:
    """A build's warnings on stderr, then (``summary``: the check's counts and) where the PDF went."""
    for warning in result.warnings:
        click.echo(warning, err=True)
    if summary:
        click.echo(result.report.summary())
    click.echo(f"Wrote {relative(result.pdf, Path.cwd())} ({result.pages} pages) in {result.seconds:.1f} s")


def _pdf_only_options(output_format: str, html: bool) -> None:
    """Refuse the options that only a PDF can honour, with the HTML edition."""
    ctx = click.get_current_context()
    for name in ("pdf_variant", "draft", "print_marks"):
        if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE and not html:
            option = "--" + name.replace("_", "-")
            raise click.UsageError(f"{option} is for the PDF; the HTML edition (--format html) has no such option")
    if html and (output_format != "pdf" or ctx.params.get("edition") == "brief"):
        raise click.UsageError("--html writes the HTML edition of the full briefing; use --format html")


def _build_html(project: Project, output: Path | None, *, strict: bool, paper: str | None) -> None:
    from briefing.files import TargetRefused
    from briefing.html_edition import build_html

    try:
        result = build_html(project, output=output, strict=strict, paper=paper)
    except TargetRefused as err:
        raise click.BadParameter(str(err), param_hint="'-o' / '--output'") from None
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(result.report.summary())
    size = f"{result.size / 1_000_000:.1f} MB" if result.size >= 100_000 else f"{result.size / 1000:.0f} kB"
    click.echo(f"Wrote {relative(result.path, Path.cwd())} ({size}) in {result.seconds:.1f} s")


@cli.command()
@project_argument
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=PORT_HELP)
@click.option("--pdf", is_flag=True, help=SERVE_PDF_HELP)
def serve(project: Project, port: int, pdf: bool) -> None:
    """Serve the HTML edition on 127.0.0.1 and rebuild it on every save; the page reloads itself."""
    from briefing.serve import PortInUse
    from briefing.serve import serve as serve_project

    try:
        serve_project(project, port=port, pdf=pdf, echo=click.echo)
    except PortInUse as err:
        raise click.BadParameter(str(err), param_hint="'--port'") from None


@cli.command()
@project_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=OUTPUT_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--paper", type=click.Choice(["a4", "letter"]), help=PAPER_HELP)
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("--edition", type=click.Choice(["full", "brief"]), default="full", help=EDITION_HELP)
def watch(project: Project, output: Path | None, strict: bool, paper: str | None, draft: bool, edition: str) -> None:
    """Check and rebuild the PDF on every save to content/, styles/ or templates/ (Ctrl-C stops).

    One process stays warm between builds: fonts, stylesheets, templates and
    charts are loaded once. A save with errors prints them and keeps the last
    good PDF.
    """
    import threading
    import time

    from briefing.build import build as build_briefing
    from briefing.errors import BriefingError
    from briefing.files import TargetRefused
    from briefing.watching import changes, watched_folders

    def rebuild(changed: list[Path]) -> None:
        if changed:
            names = ", ".join(relative(path, Path.cwd()) for path in changed[:3])
            click.echo(f"[{time.strftime('%H:%M:%S')}] changed: {names}{' …' if len(changed) > 3 else ''}")
        try:
            with _status_line() as progress:
                result = build_briefing(
                    project, output=output, strict=strict, paper=paper, draft=draft, edition=edition, progress=progress
                )
        except TargetRefused as err:
            raise click.BadParameter(str(err), param_hint="'-o' / '--output'") from None
        except BriefingError as err:
            err.show()
            click.echo("The last good PDF is unchanged; fix the lines above and save again.", err=True)
            return
        _show_built(result, summary=False)

    folders = watched_folders(project)
    click.echo(f"Watching {', '.join(relative(folder, Path.cwd()) + '/' for folder in folders)}; Ctrl-C stops.")
    try:
        # The first batch is empty and comes once the folders are watched: the first build. Saves
        # made during a build come in the next batch; builds never run side by side.
        for changed in changes(folders, stop=threading.Event()):
            rebuild(sorted(changed))
    except KeyboardInterrupt:  # the way out of a watch, not a failure: exit 0, no traceback
        click.echo("Stopped.")


class _AnswersInJson(click.Command):
    """A command whose ``--format json`` answers in JSON even when the command line itself is wrong.

    Why: CI parses the output of ``check --format json``; a usage error printed as
    text would break the parser instead of failing the job with a reason.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: object
    ) -> click.Context:
        wants_json = "--format=json" in args or ("--format", "json") in itertools.pairwise(args)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as err:
            if not wants_json:
                raise
            click.echo(
                json.dumps(
                    {"error": {"message": err.format_message(), "exit_status": err.exit_code}},
                    indent=2,
                    ensure_ascii=False,
                )
            )
            raise click.exceptions.Exit(err.exit_code) from None


@cli.command(cls=_AnswersInJson)
@project_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help=FORMAT_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
def check(project: Project, output_format: str, strict: bool) -> None:
    """Trace every citation, quote and figure to its source, without rendering."""
    from briefing.checks import check_project

    _content, report = check_project(project, strict=strict)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        for problem in sorted(report.problems):
            click.echo(problem.format(), err=True)
        click.echo(report.summary())
    if report.errors:
        click.get_current_context().exit(1)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Untitled briefing", show_default=True, help=TITLE_HELP)
@click.option("--language", default="en-GB", show_default=True, help=LANGUAGE_HELP)
def new(folder: Path, title: str, language: str) -> None:
    """Start a new briefing in FOLDER (new or empty), ready to build."""
    from briefing.new import NotEmpty
    from briefing.new import new as new_project

    try:
        written = new_project(folder, title=title, language=language)
    except NotEmpty as err:
        raise click.BadParameter(str(err), param_hint="FOLDER") from None
    click.echo(f"Wrote {len(written)} files to {relative(folder, Path.cwd())}/")
    click.echo(f"Next: briefing build {relative(folder, Path.cwd())}")


@cli.command()
@project_argument
@click.option(
    "--recipients",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=RECIPIENTS_HELP,
)
@click.option("--reissue", is_flag=True, help=REISSUE_HELP)
@click.option("--sign", "key_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=SIGN_HELP)
@click.option("--sign-password", envvar="BRIEFING_SIGN_PASSWORD", help=SIGN_PASSWORD_HELP)
def distribute(
    project: Project, recipients: Path, reissue: bool, key_file: Path | None, sign_password: str | None
) -> None:
    """Build once and write a numbered, registered copy for each recipient (output/copies/)."""
    from briefing.distribute import distribute as distribute_copies
    from briefing.signing import load_key

    if sign_password is not None and key_file is None:
        raise click.UsageError("--sign-password needs --sign KEY.p12")
    key = load_key(key_file, sign_password, relative(key_file, Path.cwd())) if key_file is not None else None
    with _status_line() as progress:
        result = distribute_copies(
            project, recipients, display=relative(recipients, Path.cwd()), reissue=reissue, key=key, progress=progress
        )
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(result.report.summary())
    copies = len(result.entries)
    click.echo(
        f"Built the briefing ({result.pages} pages) in {result.build_seconds:.1f} s; "
        f"stamped {copies} copies in {result.stamp_seconds:.1f} s"
    )
    first = result.entries[0]
    kind = "issue" if first.issue == 1 else "reissue"
    click.echo(
        f"Wrote {copies} copies to {relative(result.folder, Path.cwd())}/ and {copies} lines to "
        f"{relative(result.register, Path.cwd())} ({kind} {first.issue} of the {first.edition_date} edition)"
    )


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--register", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=REGISTER_HELP)
def verify(file: Path, register: Path | None) -> None:
    """Say which copy FILE is and whether it is byte for byte the one issued (exit 1 if not)."""
    from briefing.verify import default_register
    from briefing.verify import verify as verify_copy

    register = register if register is not None else default_register(file)
    shown_register = relative(register, Path.cwd())
    verdict = verify_copy(file, register, display=relative(file, Path.cwd()), register_display=shown_register)
    for line in verdict.lines(relative(file, Path.cwd()), shown_register):
        click.echo(line)
    if not verdict.ok:
        click.get_current_context().exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of each kind of content file, for editors."""
    from briefing.schema import as_json, schemas

    click.echo(as_json(schemas()), nl=False)


@cli.group()
def sources() -> None:
    """Work on content/sources.yaml."""


@sources.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@project_argument
def import_(file: Path, project: Project) -> None:
    """Add new sources from a reference manager's export.

    FILE is CSL-JSON (Zotero, Pandoc) or BibTeX. Only records whose id is not in
    content/sources.yaml are added, at its end; the entries and comments already
    there are left exactly as they are.
    """
    from briefing.sources_import import import_sources

    for line in import_sources(project, file).lines():
        click.echo(line)


def main() -> None:
    # A build stopped by SIGTERM (a closed terminal, a CI timeout) cleans up like Ctrl-C:
    # its temporary file goes, and the previous PDF stays.
    signal.signal(signal.SIGTERM, _interrupt)
    cli(prog_name="briefing")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
