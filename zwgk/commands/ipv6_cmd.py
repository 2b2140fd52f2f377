"""``zwgk ipv6 URL_OR_UNIT``: measure a site's IPv6 readiness now and give the verdict."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import typer
from rich.table import Table

from checks.ipv6 import CHECK_ID
from checks.runner import run_one
from config.settings import AuditConfig, Settings, UnitConfig
from crawler.ipv6_probe import Ipv6Measurement, measure_ipv6
from storage.snapshot import UnitSnapshot
from zwgk.console import ConfigOption, console, fail, load_or_fail

_VERDICT_LABEL = {
    "ready": "已完成IPv6改造 ready",
    "not_ready": "未完成 not ready",
    "not_verifiable": "无法验证 not verifiable",
}


def resolve_target(cfg: AuditConfig, target: str) -> UnitConfig:
    """A configured unit (id or name), or an ad-hoc unit for a URL or bare host name."""
    if "://" not in target:
        try:
            return cfg.unit(target)
        except KeyError:
            if "." not in target:
                fail(f"no unit {target!r} and not a URL")
            target = f"http://{target}/"
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        fail(f"not an http(s) URL: {target!r}")
    origin = f"{parts.scheme}://{parts.netloc}/"
    return UnitConfig.model_validate(
        {"id": "url", "name": parts.hostname, "class": "A", "homepage": target, "scope": [origin]}
    )


def with_overrides(settings: Settings, nameservers: list[str], allow_private: bool, url: str) -> Settings:
    """Command-line options over the config. A URL with an explicit port (a local server) also
    maps its scheme's default port there, so that the site's own port-less links reach it too."""
    port_map = dict(settings.network.port_map)
    parts = urlsplit(url)
    default = "443" if parts.scheme == "https" else "80"
    if parts.port and default not in port_map:
        port_map[default] = parts.port
    network = settings.network.model_copy(
        update={
            "nameservers": nameservers or settings.network.nameservers,
            "allow_private": allow_private or settings.network.allow_private,
            "port_map": port_map,
        }
    )
    return settings.model_copy(update={"network": network})


def evaluate(unit: UnitConfig, settings: Settings, m: Ipv6Measurement) -> dict[str, Any]:
    """The check's verdict over the measurement, with the evidence rows, as one JSON object."""
    snapshot = UnitSnapshot(unit=unit, as_of=m.at.date(), probes=m.snapshot_probes(), dns=m.snapshot_dns())
    result = run_one(CHECK_ID, snapshot, settings)
    probes = []
    for row in m.probe_rows():
        details = dict(row["details"])
        if "text" in details:
            details["text_chars"] = len(details.pop("text"))
        probes.append(row | {"at": row["at"].isoformat(), "details": details})
    return {
        "verdict": result.measured["verdict"],
        "reasons": result.measured["reasons"],
        "unit": unit.id if unit.id != "url" else None,
        "url": m.url,
        "measured": result.measured,
        "probes": probes,
        "dns": m.dns_rows(),
    }


def ipv6(
    target: str = typer.Argument(
        ..., metavar="URL_OR_UNIT", help="A homepage URL (may carry a port) or a unit."
    ),
    nameserver: list[str] | None = typer.Option(
        None,
        "--nameserver",
        help="Name server IP[:PORT] (repeatable); default: the config's, else the system's.",
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow loopback/private targets (labs)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the measurements and the verdict as JSON."),
    config: Path | None = ConfigOption,
) -> None:
    """Measure IPv6 readiness (AAAA, name servers, probes, parity, link support) and judge it."""
    cfg = load_or_fail(config)
    unit = resolve_target(cfg, target)
    settings = with_overrides(cfg.settings, list(nameserver or []), allow_private, unit.homepage or target)
    measurement = asyncio.run(measure_ipv6(unit, config=settings))
    report = evaluate(unit, settings, measurement)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    _print(report)


def _print(report: dict[str, Any]) -> None:
    measured = report["measured"]
    console.print(f"[bold]{report['url']}[/]: {_VERDICT_LABEL[report['verdict']]}")
    table = Table(show_header=False)
    success = measured.get("success", {})
    levels = measured.get("levels", {})
    rows = [
        ("AAAA", ", ".join(measured.get("aaaa", [])) or "—"),
        ("CNAME", " → ".join(measured.get("cname_chain", [])) or "—"),
        ("本机IPv6 local IPv6", str(measured.get("machine_ipv6"))),
        ("成功率 success", f"{success.get('ok', 0)}/{success.get('probes', 0)}"),
        ("内容相似度 parity", str(measured.get("content_similarity"))),
        ("二级链接 level 2", str(levels.get("2", {}).get("rate"))),
        ("三级链接 level 3", str(levels.get("3", {}).get("rate"))),
        ("时延 delays", json.dumps(measured.get("delays", {}))),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    for reason in report["reasons"]:
        console.print(f"  • [{reason['code']}] {reason['message']}")
    for note in measured.get("notes", []):
        console.print(f"  [dim]· [{note['code']}] {note['message']}[/]")
