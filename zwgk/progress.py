"""The pipeline's progress, drawn with Rich."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from zwgk.pipeline import Progress as PipelineProgress


class RichProgress(PipelineProgress):
    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._finish()
        self._progress.stop()

    def _finish(self) -> None:
        if self._task is not None:
            task = self._progress.tasks[self._task]
            if task.total is not None:
                self._progress.update(self._task, completed=task.total, detail="")

    def step(self, name: str, total: int | None = None) -> None:
        self._finish()
        if not self.console.is_terminal:  # logs and CI: one plain line per step
            self.console.print(f"[{time.strftime('%H:%M:%S')}] {name}", highlight=False)
        self._task = self._progress.add_task(name, total=total, detail="")

    def advance(self, amount: int = 1, *, detail: str | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=amount, detail=detail or "")

    def note(self, text: str) -> None:
        self._progress.console.print(f"[yellow]•[/] {text}", highlight=False)
