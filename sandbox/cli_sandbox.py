"""``zwgk sandbox serve | manifest | doclists``: the bundled simulated government web."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import typer

from zwgk.console import console

app = typer.Typer(help="The simulated government web (模拟政府网站): serve it, show its ground truth.",
                  no_args_is_help=True)  # fmt: skip

SeedOption = typer.Option(1, "--seed", help="Generator seed.")
AsOfOption = typer.Option("2020-12-15", "--as-of", help="Every date is relative to this day (YYYY-MM-DD).")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not a date: {text!r}") from None


@app.command("serve")
def serve(
    seed: int = SeedOption,
    as_of: str = AsOfOption,
    units: int = typer.Option(0, "--units", help="Total units incl. synthetic ones (e.g. 1000); 0 = the 51."),
    bench_pages: int = typer.Option(
        0, "--bench-pages", help="Pages of the benchmark host bench.linfen.gov.cn."
    ),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Where to write sandbox.toml, ca.pem, doclists."
    ),
    duration: float = typer.Option(
        0.0, "--duration", help="Stop after this many seconds (0 = until Ctrl-C)."
    ),
) -> None:
    """Serve the simulated web (HTTP on 127.0.0.1 and ::1, HTTPS, DNS) until interrupted."""
    from sandbox.doclists import write_doclists
    from sandbox.server import Scale, run_sandbox

    day = _date(as_of)
    folder = data_dir or Path("data") / "sandbox"
    with run_sandbox(
        seed=seed, as_of=day, scale=Scale(units=units, bench_pages=bench_pages), data_dir=folder
    ) as sb:
        write_doclists(folder / "doclists", seed, day)
        counts = sum(len(u["defects"]) for u in sb.manifest["units"].values())
        console.print(
            f"[bold]zwgk sandbox[/] seed={seed} as-of={day} — {len(sb.config.units)} units, {counts} planted defects"
        )
        console.print(f"  HTTP   127.0.0.1:{sb.http_port} and [::1]:{sb.http_port}")
        if sb.https_port:
            console.print(f"  HTTPS  127.0.0.1:{sb.https_port} and [::1]:{sb.https_port} (CA: {sb.ca_path})")
        console.print(f"  DNS    {sb.nameserver} (UDP+TCP)")
        console.print(f"  config {sb.config_path}")
        console.print("Point an audit at it:")
        console.print(f"  .venv/bin/zwgk audit --config {sb.config_path}")
        console.print("Try it by hand:")
        console.print(f"  dig @127.0.0.1 -p {sb.dns_port} www.yaodu.gov.cn AAAA")
        console.print(f"  curl -H 'Host: www.yaodu.gov.cn' http://127.0.0.1:{sb.http_port}/")
        if sb.bench_url:
            console.print(f"  benchmark host {sb.bench_url} ({bench_pages} pages)")
        console.print("Ctrl-C to stop.")
        try:
            started = time.monotonic()
            while not duration or time.monotonic() - started < duration:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


@app.command("manifest")
def manifest(
    seed: int = SeedOption,
    as_of: str = AsOfOption,
    as_json: bool = typer.Option(False, "--json", help="The whole manifest as JSON."),
) -> None:
    """The planted defects per unit (ground truth for the checks)."""
    from sandbox.manifest import build_manifest

    data = build_manifest(seed, _date(as_of))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for unit_id, entry in data["units"].items():
        checks = [d["check"] for d in entry["defects"]] + [d["check"] for d in entry["doclist"]["planted"]]
        console.print(
            f"{unit_id:8} {entry['cms']:7} {len(checks):3}  {', '.join(sorted(set(checks))) or '(clean)'}"
        )


@app.command("doclists")
def doclists(
    out: Path = typer.Option(Path("data/sandbox/doclists"), "--out", help="Folder for the XLSX files."),
    seed: int = SeedOption,
    as_of: str = AsOfOption,
) -> None:
    """Write the units' document lists (Annex 5 item 5) as XLSX."""
    from sandbox.doclists import write_doclists

    paths = write_doclists(out, seed, _date(as_of))
    console.print(f"{len(paths)} lists written to {out}")
