"""The inspection's veto and deduction tables as data (``config/rubrics/<name>.toml``).

The national indicators (国办秘函〔2019〕19号) name the veto items and the deductions; the file
holds them with their source line, or "unconfirmed" where the text does not state a value.
``result`` applies them. Errors name the file, the line and the key, as the rubrics' do.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from config.loader import ConfigError, KeyLines, dotted_key, line_from_toml_error

TABLES_DIR = Path(__file__).resolve().parents[2] / "config" / "rubrics"
DEFAULT_TABLES = "gwb-2019-inspection"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scheme(_Model):
    id: str
    title: str
    source: str
    total: float = Field(default=100.0, gt=0)


class Failed(_Model):
    score_cap: float = Field(ge=0)
    source: str = Field(min_length=1)


class Veto(_Model):
    key: str
    label: str  # what the circular calls it
    checks: list[str] = Field(default_factory=list)  # a veto finding of one of these is the item
    settings: list[str] = Field(default_factory=list)  # thresholds.inspection.* that define it
    source: str = Field(min_length=1)


class Deduction(_Model):
    key: str
    label: str
    points: float = Field(ge=0)
    source: str = Field(min_length=1)


class InspectionTables(_Model):
    scheme: Scheme
    failed: Failed
    veto: list[Veto]
    deduction: list[Deduction]
    path: str = "<tables>"

    @model_validator(mode="after")
    def _unique(self) -> InspectionTables:
        for name, keys in (
            ("veto", [v.key for v in self.veto]),
            ("deduction", [d.key for d in self.deduction]),
        ):
            if len(set(keys)) != len(keys):
                raise ValueError(f"{name} keys must be unique")
        return self

    @property
    def veto_labels(self) -> dict[str, str]:
        return {v.key: v.label for v in self.veto}

    @property
    def veto_of_check(self) -> dict[str, str]:
        return {check: v.key for v in self.veto for check in v.checks}

    @property
    def points(self) -> dict[str, float]:
        return {d.key: d.points for d in self.deduction}


def parse_tables(text: str, path: str = "<tables>") -> InspectionTables:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, line_from_toml_error(str(exc)), None, f"not valid TOML: {exc}") from None
    try:
        return InspectionTables.model_validate({**raw, "path": path})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        message = "unknown key (misspelt?)" if error["type"] == "extra_forbidden" else error["msg"]
        raise ConfigError(path, KeyLines(text).find(loc), dotted_key(loc) or None, message) from None


@cache
def load_tables(name: str = DEFAULT_TABLES, folder: Path = TABLES_DIR) -> InspectionTables:
    file = folder / f"{name}.toml"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(file), None, None, "inspection tables file not found") from None
    return parse_tables(text, str(file))
