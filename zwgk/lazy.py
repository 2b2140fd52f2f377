"""A command group that imports a command's module only when that command runs.

``zwgk --help`` lists the commands from their table (name and summary); the crawler, Chromium
and the report writers are imported by the commands that use them, not by every start.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer import _click as click  # typer's bundled click (typer >= 0.24 vendors it)
from typer.core import TyperCommand, TyperGroup

from zwgk import help_format

help_format.install()


@dataclass(frozen=True, kw_only=True)
class LazyCommand:
    name: str
    module: str
    attribute: str
    summary: str
    group: bool = False

    def load(self) -> click.Command:
        target = getattr(importlib.import_module(self.module), self.attribute)
        if self.group:
            command: click.Command = typer.main.get_group(target)
        else:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            single.command(self.name)(target)
            command = typer.main.get_command(single)
        command.name = self.name
        return command


class LazyGroup(TyperGroup):
    """The ``zwgk`` group: commands from ``configure``'s table, loaded on first use."""

    _table: ClassVar[list[LazyCommand]] = []
    _plugins: ClassVar[tuple[str, ...]] = ()
    _plugins_loaded: ClassVar[list[Any] | None] = None

    @classmethod
    def configure(cls, commands: Sequence[LazyCommand], plugins: Sequence[str]) -> None:
        cls._table = list(commands)
        cls._plugins = tuple(plugins)
        cls._plugins_loaded = None
        cls.plugin_modules()  # installed at once: a plugin's hooks hold for code run without the CLI

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False

    @classmethod
    def plugin_modules(cls) -> list[Any]:
        """The installed plugins, each ``install``ed once (before any command's options are built)."""
        if cls._plugins_loaded is None:
            loaded = []
            for name in cls._plugins:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name is not None and name.startswith(exc.name):
                        continue  # the plugin's package is not installed
                    raise
                module.install()
                loaded.append(module)
            cls._plugins_loaded = loaded
        return cls._plugins_loaded

    def entries(self) -> list[LazyCommand]:
        own = list(self._table)
        for plugin in self.plugin_modules():
            own.extend(plugin.COMMANDS)
        return own

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *(e.name for e in self.entries() if e.name not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = next((e for e in self.entries() if e.name == cmd_name), None)
        if entry is None:
            return None
        if self._listing:  # the help listing needs the summary only
            return TyperCommand(entry.name, help=entry.summary, short_help=entry.summary)
        command = entry.load()
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
