"""``zwgk config check`` and ``zwgk units``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from config.settings import UnitConfig
from zwgk.console import ConfigOption, console, load_or_fail

app = typer.Typer(help="Check the configuration.", no_args_is_help=True)

_SOURCE_LABEL = {
    "verified": "已核实 verified",
    "public-copy": "公开副本 public copy",
    "public-code": "公开代码 public code",
    "public-directory": "公开名录 public directory (未核实)",
    "sandbox": "模拟网 sandbox",
    "unknown": "未知 unknown",
}


@app.command("check")
def check(config: Path | None = ConfigOption) -> None:
    """Validate the config and list the units; units with no site yet are flagged."""
    cfg = load_or_fail(config)
    a, b = cfg.units_of_class("A"), cfg.units_of_class("B")
    console.print(f"[bold]{cfg.path}[/]: {len(cfg.units)} 个考核对象 units (A 类 {len(a)}, B 类 {len(b)})")
    console.print(units_table(cfg.units))
    missing = [u for u in cfg.units if not u.has_site]
    unverified = [u for u in cfg.units if u.has_site and u.site_source not in ("verified", "sandbox")]
    if unverified:
        console.print(f"[yellow]{len(unverified)} 个单位的网址未经核实 (sites not verified live).[/]")
    if missing:
        names = "、".join(u.name for u in missing)
        console.print(
            f"[bold yellow]{len(missing)} 个单位尚未配置网站 units without a site:[/] {names}\n"
            "Fill their homepage and scope in the config file; they are skipped by audits until then."
        )
    else:
        console.print("[green]All units have a site.[/]")


def units_table(units: list[UnitConfig]) -> Table:
    table = Table(show_lines=False)
    for column in ("#", "id", "名称 name", "类 class", "主页 homepage", "来源 source"):
        table.add_column(column)
    for number, unit in enumerate(units, start=1):
        homepage = unit.homepage or "[bold yellow]— 未配置 no site[/]"
        table.add_row(
            str(number),
            unit.id,
            unit.display_name,
            unit.unit_class,
            homepage,
            _SOURCE_LABEL.get(unit.site_source, unit.site_source),
        )
    return table


def units(config: Path | None = ConfigOption) -> None:
    """List the assessed units as a table."""
    cfg = load_or_fail(config)
    console.print(units_table(cfg.units))
