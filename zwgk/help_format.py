"""How ``--help`` names an option's value: FILE, TEXT, DATE, never Python's ``<bool>``/``<list[str]>``.

Typer (>= 0.29) prints each parameter's annotation in angle brackets, so every flag showed
``<bool>`` and lists ``<list[str]>``; an official reading the help needs to know only whether an
option takes a value and what kind. A flag takes none and shows nothing.
"""

from __future__ import annotations

from typing import Any

from typer import _click as click
from typer.core import TyperArgument, TyperOption

# Typer's label (inside its angle brackets) → the word shown; absent: upper-cased as is.
LABELS: dict[str, str | None] = {
    "bool": None,
    "str": "TEXT",
    "int": "INTEGER",
    "float": "NUMBER",
    "path": "PATH",
    "Path": "PATH",
    "datetime": "DATE",
}


def value_label(param: Any, ctx: click.Context) -> str | None:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar is not None:
        return str(param.metavar)
    raw = str(param.display_type(ctx)).removeprefix("<").removesuffix(">")
    many = raw.startswith("list[") and raw.endswith("]")
    inner = raw[5:-1] if many else raw
    label = LABELS[inner] if inner in LABELS else inner if "|" in inner else inner.upper()
    if label is None:
        return None
    return f"{label}..." if many or param.nargs != 1 else label


def install() -> None:
    TyperOption.display_type_rich = value_label  # type: ignore[method-assign,assignment]
    TyperArgument.display_type_rich = value_label  # type: ignore[method-assign,assignment]
