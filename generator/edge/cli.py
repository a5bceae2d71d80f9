"""The ``peerhub`` command line: check, build, serve, edit and new. Each command is a few lines
that call the core; MkDocs is used only to build and serve."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from generator.errors import PeerhubError
from generator.today import ENV_VAR

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.edge.plugin import PeerHubPlugin
    from generator.pipeline import Report
    from generator.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
FAILED = "The build failed; the previous site is unchanged."


def config_option(func: F) -> F:
    return click.option(
        "-f",
        "--config-file",
        "config_file",
        default="mkdocs.yml",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The site's mkdocs.yml.",
    )(func)


def today_option(func: F) -> F:
    return click.option(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"The date every rule uses (default: ${ENV_VAR}, else today in the site's time zone).",
    )(func)


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _load(config_file: str) -> tuple[MkDocsConfig, PeerHubPlugin]:
    """MkDocs' config and the peerhub plugin (with its options), or a clear error."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.edge.plugin import PeerHubPlugin

    if not Path(config_file).is_file():
        _fail(f"{config_file}: not found; run peerhub in the folder that holds mkdocs.yml, or use -f")
    try:
        config = load_config(config_file)
    except ConfigurationError as exc:
        _fail(f"{config_file}: {exc}")
    except Abort:  # MkDocs has logged each wrong option, naming it
        _fail(f"{config_file}: fix the options above; nothing was done")
    plugin = config.plugins.get("peerhub")
    if not isinstance(plugin, PeerHubPlugin):
        _fail(f"{config_file}: add '- peerhub' under 'plugins:'")
    return config, plugin


def _settings(
    config_file: str, today: str | None = None, *, site_dir: str | None = None
) -> tuple[MkDocsConfig, PeerHubPlugin, Settings]:
    """The config, the plugin and the core's settings for a command that is not a preview;
    ``site_dir`` (``--site-dir``) replaces mkdocs.yml's and is checked as it would be."""
    from generator.edge.config import settings_for

    config, plugin = _load(config_file)
    if site_dir:
        config.site_dir = str(Path(site_dir).resolve())
    try:
        return config, plugin, settings_for(config, plugin.config, preview=False, today=today)
    except PeerhubError as exc:
        _fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="peerhub")
def cli() -> None:
    """Peer Support Hub: check, preview and build the site of stories and events."""


@cli.command()
@config_option
@today_option
@click.option("--readability", is_flag=True, help="List the reading grade (SMOG) of every story and page.")
def check(config_file: str, today: str | None, readability: bool) -> None:
    """Check every story and events.yaml; exit 1 on any error."""
    from generator import pipeline

    _, _, settings = _settings(config_file, today)
    try:
        report = pipeline.run(settings)
    except PeerhubError as exc:
        _fail(str(exc))
    for line in report.lines(readability=readability):
        click.echo(line, err=not report.ok)
    sys.exit(0 if report.ok else 1)


@cli.command()
@config_option
@today_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False),
    help="Where to put the site (default: site_dir of mkdocs.yml).",
)
def build(config_file: str, today: str | None, site_dir: str | None) -> None:
    """Check, then build with --strict into a temporary folder and swap it in whole."""
    from generator import pipeline
    from generator.edge.collector import collector_paused
    from generator.editor.options import left_out

    config, plugin, settings = _settings(config_file, today, site_dir=site_dir)
    # Nothing a build makes is garbage until it ends (as for the preview's builds): the
    # cyclic collector's passes over the growing hub and pages are skipped, 0.2 ms a story.
    with collector_paused(whole_command=True):
        try:  # a build stops on errors; its warnings are peerhub check's
            report = pipeline.run(settings, warnings=False)
        except PeerhubError as exc:
            _fail(str(exc))
        if not report.ok:
            for line in report.lines():
                click.echo(line, err=True)
            _fail("Nothing was built; the previous site is unchanged.")
        config.strict = True
        target = Path(config.site_dir)
        _run_mkdocs(config, plugin, report, settings)
    click.echo(f"Built {report.public} stories and {report.events} events into {target}")
    _held_back(report)
    note = left_out(plugin.config.editor, settings, target)
    if note:
        click.echo(note)


def _held_back(report: Report) -> None:
    """End a build with each story that says published but is withheld (it does not fail the
    build: a consent review that lapses overnight must not stop the nightly one)."""
    for line in report.held_back_lines():
        click.echo(line)


def _run_mkdocs(config: MkDocsConfig, plugin: PeerHubPlugin, report: Report, settings: Settings) -> None:
    """One MkDocs build of the checked content; on failure, MkDocs' own warnings and errors
    (worded ``path:line: field: message``, see ``generator.edge.buildlog``) and exit 1.

    The plugin builds into a folder beside the site and swaps it in whole (``generator.sitedir``).
    """
    from jinja2 import TemplateError
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from generator.edge.buildlog import MkDocsMessages
    from generator.edge.output import Request
    from generator.sitedir import disk_message

    config_file = Path(config.config_file_path) if config.config_file_path else None
    messages = MkDocsMessages(report.hub, settings.docs_dir or settings.root, settings.root, config_file)
    try:
        with messages:
            config.plugins.on_startup(command="build", dirty=False)
            plugin.request = Request(checked=report)  # its hub is made: the content is not loaded again
            mkdocs_build(config)
            config.plugins.on_shutdown()
    except (Abort, MkDocsException, PeerhubError) as exc:
        said = messages.report(exc)
        _fail(said if said.endswith("unchanged") else f"{said}\n{FAILED}".lstrip("\n"))
    except OSError as exc:
        _fail(f"{disk_message(exc, 'could not write the site')}\n{FAILED}")
    except TemplateError as exc:  # a theme template (custom_dir) that Jinja cannot read
        where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "a theme template"
        line = getattr(exc, "lineno", None) or 1
        _fail(f"{where}:{line}: -: {exc.message or exc}\n{FAILED}")


@cli.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the preview in a browser.")
def serve(config_file: str, dev_addr: str | None, open_in_browser: bool) -> None:
    """Live preview: drafts show with a banner; saving a story or events.yaml reloads the page."""
    from mkdocs.exceptions import Abort

    from generator.edge.preview import serve as preview

    _load(config_file)
    try:
        preview(config_file, dev_addr=dev_addr, open_in_browser=open_in_browser)
    except (Abort, PeerhubError) as exc:  # a busy port: one line
        _fail(str(exc))


@cli.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="This computer only (default 127.0.0.1:8000).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the preview in a browser.")
def edit(config_file: str, dev_addr: str | None, open_in_browser: bool) -> None:
    """Web editor on this computer: the preview and the editor at /admin/, saving to the files."""
    from mkdocs.exceptions import Abort

    from generator.editor.local import edit as run_editor

    config, plugin = _load(config_file)
    try:
        run_editor(config_file, config, plugin.config, dev_addr=dev_addr, open_in_browser=open_in_browser)
    except (Abort, PeerhubError) as exc:
        _fail(str(exc))


@cli.command()
@config_option
def schema(config_file: str) -> None:
    """Write the JSON Schemas of story front matter, events.yaml and vacancies.yaml into schemas/."""
    from generator.schemas import write_schemas

    folder = Path(config_file).resolve().parent / "schemas"
    changed = write_schemas(folder)
    for path in changed:
        click.echo(f"Wrote {path}")
    click.echo(f"{len(changed)} schema file{'s' if len(changed) != 1 else ''} updated in {folder}")


@cli.group()
def new() -> None:
    """Start a new story, event or vacancy from a filled-in template."""


@new.command("story")
@click.argument("title")
@config_option
@today_option
def new_story(title: str, config_file: str, today: str | None) -> None:
    """Write stories/<slug>.md with every field, as a draft."""
    from generator.scaffold import new_story as write_story

    _, _, settings = _settings(config_file, today)
    try:
        path = write_story(title, settings.stories_dir, settings.today)
    except PeerhubError as exc:
        _fail(str(exc))
    click.echo(f"Wrote {path.relative_to(settings.root)}: fill it in, then run: peerhub check")


@new.command("event")
@click.argument("title")
@click.option("--start", required=True, metavar="DATE[THH:MM]", help="e.g. 2027-03-04 or 2027-03-04T10:00")
@click.option("--end", metavar="DATE[THH:MM]", help="Optional; the same kind as --start, not before it.")
@click.option("--id", "event_id", metavar="ID", help="The event's id (default: made from the title).")
@config_option
def new_event(title: str, start: str, end: str | None, event_id: str | None, config_file: str) -> None:
    """Add an event to events.yaml with every field, as a draft (draft: true)."""
    from generator.scaffold import check_times
    from generator.scaffold import new_event as write_event

    try:
        check_times(start, end)  # before anything is read or written
    except PeerhubError as exc:
        _fail(str(exc))
    _, _, settings = _settings(config_file)
    try:
        made = write_event(title, start, end, settings.events_file, event_id)
    except PeerhubError as exc:
        _fail(str(exc))
    click.echo(
        f"Added {made} to {settings.events_file.name} as a draft: fill it in, delete its draft: true "
        "line to publish it, then run: peerhub check"
    )


@new.command("vacancy")
@click.argument("title")
@click.option("--closes", required=True, metavar="YYYY-MM-DD", help="The last day to apply.")
@click.option("--id", "vacancy_id", metavar="ID", help="The web address's name (default: from the title).")
@config_option
@today_option
def new_vacancy(title: str, closes: str, vacancy_id: str | None, config_file: str, today: str | None) -> None:
    """Add a draft vacancy to vacancies.yaml with every field."""
    from datetime import date

    from generator.render.vacancies import employer_name
    from generator.scaffold import new_vacancy as write_vacancy

    try:
        closing = date.fromisoformat(closes)
    except ValueError:
        _fail(f"--closes: expected a date written YYYY-MM-DD, e.g. 2027-01-31; got {closes!r}")
    _, _, settings = _settings(config_file, today)
    target = settings.vacancies_file or settings.root / "vacancies.yaml"
    try:
        made = write_vacancy(title, closing, target, settings.today, employer_name(settings), vacancy_id)
    except PeerhubError as exc:
        _fail(str(exc))
    click.echo(
        f"Added {made} to {target.name} as a draft: fill it in, run peerhub check, then set status: published"
    )


def main() -> None:
    """Entry point of the ``peerhub`` console script."""
    from generator.edge.collector import process_ends_with_command

    process_ends_with_command()
    try:
        cli(standalone_mode=True)
    except PeerhubError as exc:
        _fail(str(exc))
