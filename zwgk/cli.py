"""The ``zwgk`` command. Each command group lives in ``zwgk/commands/<name>.py``."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="zwgk",
    help="zwgk-audit: 政务公开 government-openness auditor — crawl, check, score, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# (module, attribute, name, is_group): groups are Typer apps, the rest single commands.
_COMMANDS: list[tuple[str, str, str, bool]] = [
    ("zwgk.commands.config_cmd", "app", "config", True),
    ("zwgk.commands.config_cmd", "units", "units", False),
    ("zwgk.commands.db_cmd", "app", "db", True),
    ("zwgk.commands.sandbox_cmd", "app", "sandbox", True),
    ("zwgk.commands.crawl_cmd", "crawl", "crawl", False),
    ("zwgk.commands.page_cmd", "app", "page", True),
    ("zwgk.commands.annual_report_cmd", "app", "annual-report", True),
    ("zwgk.commands.ipv6_cmd", "ipv6", "ipv6", False),
    ("zwgk.commands.doclist_cmd", "app", "doclist", True),
    ("zwgk.commands.interpretations_cmd", "interpretations", "interpretations", False),
    ("zwgk.commands.inspect_cmd", "inspect", "inspect", False),
    ("zwgk.commands.evidence_cmd", "evidence", "evidence", False),
    ("zwgk.commands.score_cmd", "app", "score", True),
    ("zwgk.commands.audit_cmd", "audit", "audit", False),
    ("zwgk.commands.report_cmd", "app", "report", True),
    ("zwgk.commands.schedule_cmd", "schedule", "schedule", False),
    ("zwgk.commands.demo_cmd", "demo", "demo", False),
]


def _register() -> None:
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


_register()


def main() -> None:
    app()
