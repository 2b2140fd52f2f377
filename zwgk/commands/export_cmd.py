"""``zwgk export warc --run N [UNIT…] [--out FILE]``: a run's archive in the archivists' format."""

from __future__ import annotations

from pathlib import Path

import typer

from reports.warc_export import export_warc
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database

app = typer.Typer(help="Export a run's records in standard formats.", no_args_is_help=True)


@app.command("warc")
def warc(
    units: list[str] = typer.Argument(None, help="Unit ids (default: every unit of the run)."),
    run: int = typer.Option(..., "--run", help="The audit run's id."),
    out: Path | None = typer.Option(None, "--out", help="The WARC file (default: out/run-N.warc.gz)."),
    config: Path | None = ConfigOption,
) -> None:
    """Write the run's archived responses and evidence records as one WARC file."""
    cfg = load_or_fail(config)
    target = out or Path("out") / f"run-{run}.warc.gz"
    db = open_database(cfg)
    try:
        with db.session() as session:
            try:
                counts = export_warc(session, cfg.settings.crawl.data_dir, run, target, units or None)
            except LookupError as exc:
                fail(str(exc))
    finally:
        db.dispose()
    console.print(
        f"已写出 wrote [cyan]{target}[/]: {counts['response']} responses, {counts['resource']} evidence records"
        + (f", {counts['missing']} missing" if counts["missing"] else "")
    )
