"""The ``zwgk`` command. Each command group lives in ``zwgk/commands/<name>.py``."""

from __future__ import annotations

import importlib
from types import ModuleType

import typer

app = typer.Typer(
    name="zwgk",
    help="zwgk-audit: 政务公开 government-openness auditor — crawl, check, score, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"zwgk-audit {version('zwgk-audit')}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """zwgk-audit: 政务公开 government-openness auditor — crawl, check, score, report."""


# (module, attribute, name, is_group): groups are Typer apps, the rest single commands.
_COMMANDS: list[tuple[str, str, str, bool]] = [
    ("zwgk.commands.config_cmd", "app", "config", True),
    ("zwgk.commands.config_cmd", "units", "units", False),
    ("zwgk.commands.db_cmd", "app", "db", True),
    ("zwgk.commands.crawl_cmd", "crawl", "crawl", False),
    ("zwgk.commands.page_cmd", "app", "page", True),
    ("zwgk.commands.annual_report_cmd", "app", "annual-report", True),
    ("zwgk.commands.ipv6_cmd", "ipv6", "ipv6", False),
    ("zwgk.commands.doclist_cmd", "app", "doclist", True),
    ("zwgk.commands.interpretations_cmd", "interpretations", "interpretations", False),
    ("zwgk.commands.inspect_cmd", "inspect", "inspect", False),
    ("zwgk.commands.evidence_cmd", "evidence", "evidence", False),
    ("zwgk.commands.export_cmd", "app", "export", True),
    ("zwgk.commands.score_cmd", "app", "score", True),
    ("zwgk.commands.audit_cmd", "audit", "audit", False),
    ("zwgk.commands.report_cmd", "app", "report", True),
    ("zwgk.commands.schedule_cmd", "schedule", "schedule", False),
]


# Plugins that add commands (and the --sandbox option) when their package is installed.
PLUGINS = ("sandbox.cli_plugin",)


def _plugins() -> list[ModuleType]:
    """Loaded before the commands, so that what a plugin provides shows in their options."""
    loaded = []
    for name in PLUGINS:
        try:
            loaded.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is not None and name.startswith(exc.name):
                continue  # the plugin's package is not installed
            raise
    return loaded


def _register() -> None:
    plugins = _plugins()
    for module_name, attribute, name, is_group in _COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # not built yet
            raise
        target = getattr(module, attribute)
        if is_group:
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    for plugin in plugins:
        plugin.register(app)


_register()


def main() -> None:
    app()
