"""The audit config for the simulated web: all 51 units at their sandbox addresses, the
sandbox DNS, the port map, and the dictionaries the planted defects need."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from config.settings import AuditConfig, Settings, UnitConfig
from sandbox.externals import SPAM_HOSTS, WORDING_ERRORS
from sandbox.web import BENCH_HOST, SandboxWeb


def sandbox_settings(
    as_of: dt.date,
    dns_port: int,
    http_port: int,
    https_port: int | None,
    data_dir: Path,
    ca_path: Path | None = None,
) -> dict[str, Any]:
    port_map = {"80": http_port} | ({"443": https_port} if https_port else {})
    return {
        "audit": {
            "as_of": as_of,
            "year": as_of.year,
            "operator": "zwgk sandbox",
            "contact": "sandbox <xxgk@linfen.gov.cn>",
        },
        "network": {
            "nameservers": [f"127.0.0.1:{dns_port}"],
            "allow_private": True,
            "port_map": port_map,
            "dns_timeout_s": 2.0,
            "ca_file": str(ca_path) if ca_path else None,
        },
        "crawl": {"data_dir": str(data_dir), "connect_timeout_s": 5.0, "read_timeout_s": 10.0},
        # Every simulated server shares 127.0.0.1 and ::1: a per-IP limit meant for one real
        # hosting platform would serialise the whole simulated web. Per-host limits still hold.
        "politeness": {
            "min_delay_s": 0.0,
            "backoff_initial_s": 1.0,
            "backoff_max_s": 5.0,
            "per_ip_concurrency": 64,
        },
        "thresholds": {
            "inspection": {
                "probe_interval_s": 1.0,  # one simulated night: probes a second apart
                # The simulated web lives for one night, not the national method's week of
                # 20 spread probes a day: the night's probes stand for it (a sandbox reading;
                # the verdict still names how many probes it rests on).
                "availability_window_days": 1,
                "availability_probes_per_day": 3,
                "availability_probe_spacing_s": 0.0,
                "wording_errors": dict(WORDING_ERRORS),
                "hidden_link_domains": list(SPAM_HOSTS),
                "dead_link_retry_delay_s": 0.1,
                # one simulated night: the confirming attempt 10 s after the first failure (the
                # flaky link planted in sandbox/flaky.py is down for 4 s, so it is not reported)
                "dead_link_confirm_after_s": 10.0,
            },
        },
    }


def sandbox_units(web: SandboxWeb) -> list[dict[str, Any]]:
    units = []
    for place in web.places:
        units.append({"id": place.id, "name": place.name, "full_name": place.full_name, "class": place.unit_class,
                      "homepage": place.homepage, "scope": [place.homepage], "site_source": "sandbox",
                      "cms": place.cms})  # fmt: skip
    if web.bench_pages:
        units.append({"id": "bench", "name": "基准站", "full_name": "基准测试站点", "class": "B",
                      "homepage": f"http://{BENCH_HOST}/", "scope": [f"http://{BENCH_HOST}/"],
                      "site_source": "sandbox", "note": f"{web.bench_pages} pages"})  # fmt: skip
    return units


def sandbox_config(
    seed: int,
    as_of: dt.date,
    dns_port: int,
    http_port: int,
    https_port: int | None,
    web: SandboxWeb,
    data_dir: Path,
    ca_path: Path | None = None,
) -> AuditConfig:
    settings = Settings.model_validate(
        sandbox_settings(as_of, dns_port, http_port, https_port, data_dir, ca_path)
    )
    units = [UnitConfig.model_validate(u) for u in sandbox_units(web)]
    del seed
    return AuditConfig(path="<sandbox>", settings=settings, units=units)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()
            )
            + " }"
        )
    raise TypeError(type(value))


def _table(out: list[str], prefix: str, data: dict[str, Any]) -> None:
    scalars = {
        k: v
        for k, v in data.items()
        if not (isinstance(v, dict) and k != "port_map" and k != "wording_errors")
    }
    out.append(f"[{prefix}]")
    out += [f"{k} = {_toml_value(v)}" for k, v in scalars.items() if v is not None]
    out.append("")
    for key, value in data.items():
        if isinstance(value, dict) and key not in ("port_map", "wording_errors"):
            _table(out, f"{prefix}.{key}", value)


def write_config(config: AuditConfig, path: Path) -> Path:
    """Write ``config`` as TOML that ``config.load_config`` reads back."""
    s = config.settings
    out = ["# The simulated government web (zwgk sandbox). Generated: do not edit.", ""]
    data = {
        "audit": {
            "as_of": s.audit.as_of,
            "year": s.audit.year,
            "operator": s.audit.operator,
            "contact": s.audit.contact,
        },
        "network": s.network.model_dump(),
        "crawl": s.crawl.model_dump(),
        "politeness": s.politeness.model_dump(),
        "thresholds": {"inspection": s.thresholds.inspection.model_dump()},
    }
    for name, table in data.items():
        _table(out, name, table)
    for unit in config.units:
        out.append("[[unit]]")
        dumped = unit.model_dump(by_alias=True, exclude_none=True)
        out += [f"{k} = {_toml_value(v)}" for k, v in dumped.items()]
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")
    return path
