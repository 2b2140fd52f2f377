"""Load and validate a config file; every error names the file, the line and the key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from config.settings import AuditConfig, Settings, UnitConfig
from config.validate import settings_problems

DEFAULT_CONFIG = Path(__file__).resolve().parent / "sites.toml"
TOO_DEEP = "tables or arrays nested too deeply to read (a config is a few levels deep)"

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"]+(?:\s*\.\s*[A-Za-z0-9_\-\"]+)*)\s*=")


class ConfigError(Exception):
    """A config problem, phrased for the operator: ``file:line: key: what is wrong``."""

    def __init__(self, path: str, line: int | None, key: str | None, message: str) -> None:
        self.path, self.line, self.key, self.message = path, line, key, message
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


def resolve_config_path(path: str | Path | None) -> Path:
    """``config/sites.toml`` relative to the working directory, else the packaged default."""
    if path is None:
        local = Path("config/sites.toml")
        return local if local.exists() else DEFAULT_CONFIG
    return Path(path)


def load_config(path: str | Path | None = None) -> AuditConfig:
    file = resolve_config_path(path)
    shown = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(shown, None, None, f"not UTF-8 text ({exc.reason})") from None
    return parse_config(text, shown)


def parse_config(text: str, path: str = "<config>") -> AuditConfig:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_from_toml_error(str(exc))
        raise ConfigError(path, line, None, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, None, None, TOO_DEEP) from None
    lines = _KeyLines(text)
    raw_units = raw.pop("unit", [])
    if not isinstance(raw_units, list):
        raise ConfigError(path, lines.find(("unit",)), "unit", "must be [[unit]] tables")
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(exc, (), lines, path) from None
    except RecursionError:
        raise ConfigError(path, None, None, TOO_DEEP) from None
    for loc, message in settings_problems(settings):
        raise ConfigError(path, lines.find(loc), _dotted(loc), message)
    units: list[UnitConfig] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw_units):
        prefix: tuple[str | int, ...] = ("unit", index)
        try:
            unit = UnitConfig.model_validate(item)
        except ValidationError as exc:
            raise _first_error(exc, prefix, lines, path) from None
        if unit.id in seen:
            line = lines.find((*prefix, "id"))
            raise ConfigError(
                path,
                line,
                f"unit[{index}].id",
                f"duplicate id {unit.id!r} (first used by unit[{seen[unit.id]}])",
            )
        seen[unit.id] = index
        if unit.homepage and not unit.scope:
            unit = unit.model_copy(update={"scope": [unit.homepage]})
        units.append(unit)
    return AuditConfig(path=path, settings=settings, units=units)


def _first_error(
    exc: ValidationError, prefix: tuple[str | int, ...], lines: _KeyLines, path: str
) -> ConfigError:
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    full = (*prefix, *loc)
    key = _dotted(full)
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key (misspelt?)"
    elif error["type"] == "literal_error":
        message = f"{message}, got {error.get('input')!r}"
    elif error["type"] == "missing":
        return ConfigError(path, lines.find(prefix) if prefix else None, key, "is required")
    return ConfigError(path, lines.find(full), key, message)


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_from_toml_error(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


class _KeyLines:
    """Where each key stands in the file: (table path…, key) → line number (1-based)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str | int, ...], int] = {}
        counts: dict[tuple[str | int, ...], int] = {}
        current: dict[tuple[str, ...], int] = {}  # array table → index of its latest element
        table: tuple[str | int, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = tuple(p.strip().strip('"') for p in header.group(2).split("."))
                # Nested array tables ([[item.part]]) count within their parent's element.
                path: tuple[str | int, ...] = ()
                for depth, name in enumerate(names):
                    path = (*path, name)
                    if depth < len(names) - 1 and names[: depth + 1] in current:
                        path = (*path, current[names[: depth + 1]])
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    current[names] = index
                    table = (*path, index)
                else:
                    table = path
                self._lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                parts = tuple(p.strip().strip('"') for p in key.group(1).split("."))
                self._lines.setdefault((*table, *parts), number)

    def find(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of the key, or of the nearest enclosing table that is written down."""
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return None


def with_overrides(config: AuditConfig, **sections: dict[str, Any]) -> AuditConfig:
    """A copy with some settings replaced, e.g. ``network={"allow_private": True}``."""
    settings = config.settings
    for name, values in sections.items():
        section = getattr(settings, name)
        settings = settings.model_copy(update={name: section.model_copy(update=values)})
    return config.model_copy(update={"settings": settings})


# Public names for the other TOML readers (rubrics, assessors' entry files).
KeyLines = _KeyLines
line_from_toml_error = _line_from_toml_error
dotted_key = _dotted
