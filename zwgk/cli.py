"""The ``zwgk`` command. Each command group lives in ``zwgk/commands/<name>.py``.

Commands are imported only when run: ``zwgk --help`` lists them from the table below, and
``zwgk units`` does not pay for the crawler, Chromium or the report writers (``zwgk.lazy``).
"""

from __future__ import annotations

import typer

from zwgk.lazy import LazyCommand, LazyGroup

app = typer.Typer(
    name="zwgk",
    help="zwgk-audit: 政务公开 government-openness auditor — crawl, check, score, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=LazyGroup,
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


def _c(name: str, module: str, attribute: str, summary: str, *, group: bool = False) -> LazyCommand:
    return LazyCommand(name=name, module=module, attribute=attribute, summary=summary, group=group)


# In the order ``zwgk --help`` lists them; the summary is what the listing shows.
COMMANDS: list[LazyCommand] = [
    _c("config", "zwgk.commands.config_cmd", "app", "Check the configuration.", group=True),
    _c("units", "zwgk.commands.config_cmd", "units", "List the assessed units as a table."),
    _c("db", "zwgk.commands.db_cmd", "app", "Manage the database.", group=True),
    _c("crawl", "zwgk.commands.crawl_cmd", "crawl", "Crawl the units' sites and store everything seen."),
    _c("page", "zwgk.commands.page_cmd", "app", "Read single pages as the auditor does.", group=True),
    _c(
        "annual-report",
        "zwgk.commands.annual_report_cmd",
        "app",
        "Read annual reports (政府信息公开工作年度报告).",
        group=True,
    ),
    _c("ipv6", "zwgk.commands.ipv6_cmd", "ipv6", "Measure IPv6 readiness and judge it."),
    _c("doclist", "zwgk.commands.doclist_cmd", "app", "公文列表 the unit's document list.", group=True),
    _c(
        "interpretations",
        "zwgk.commands.interpretations_cmd",
        "interpretations",
        "Policy interpretations per unit.",
    ),
    _c(
        "inspect",
        "zwgk.commands.inspect_cmd",
        "inspect",
        "The quarterly site inspection (国办秘函〔2019〕19号).",
    ),
    _c("evidence", "zwgk.commands.evidence_cmd", "evidence", "Show the evidence chain of a finding."),
    _c(
        "export", "zwgk.commands.export_cmd", "app", "Export a run's records in standard formats.", group=True
    ),
    _c("score", "zwgk.commands.score_cmd", "app", "Totals, grades and ranks per unit.", group=True),
    _c("audit", "zwgk.commands.audit_cmd", "audit", "Run the audit: crawl, check, score, report."),
    _c(
        "report",
        "zwgk.commands.report_cmd",
        "app",
        "The circular, rectification lists, score sheets.",
        group=True,
    ),
    _c("schedule", "zwgk.commands.schedule_cmd", "schedule", "Run the audit every night."),
]

# Plugins that add commands (and the --sandbox option) when their package is installed:
# each module has ``COMMANDS`` (``LazyCommand``s) and ``install()``, run before any command loads.
PLUGINS = ("sandbox.cli_plugin",)

LazyGroup.configure(COMMANDS, PLUGINS)


def main() -> None:
    app()
