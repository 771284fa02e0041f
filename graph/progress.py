"""Progress of long stages (build, network report): a bar per stage on a terminal, nothing otherwise.

build() reports to a `Stages` hook: `start(name, total)` when a stage begins
(which ends the one before), `tick()` per item of a counted stage (a source
read and extracted, a source mapped). The hook itself draws nothing, so
library callers and piped runs get only the phase lines; `terminal_stages`
draws rich bars, and only when the console is a terminal, because a
non-terminal rich display would print its last frame into logs. A stage
with a count gets a bar and "done/total"; one without (rules, validation,
writing) a spinner and its elapsed time only, never a made-up "1/1".
`phases` adapts code that names each phase as it begins (the network
analysis and report) to the same display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# What each stage is called on its bar (build.py, remote.py and `cthr export` name the stages).
LABELS = {
    "load": "reading and extracting sources",
    "map": "mapping to named graphs",
    "rules": "applying rules",
    "validate": "validating shapes",
    "write": "writing store and Turtle",
    "push": "sending triples",                  # cthr push (graph/remote.py)
    "verify": "counting on the server",
    "export": "serialising the graph",          # cthr export
}
BUILD_STAGES = ("load", "map", "rules", "validate", "write")


class Stages:
    """The silent hook: what build() calls, doing nothing."""

    def start(self, name: str, total: int | None = None) -> None:
        """Stage `name` begins, with `total` items (None: one step of unknown length)."""

    def tick(self, n: int = 1) -> None:
        """`n` more items of the current stage are done."""

    def finish(self) -> None:
        """The current stage (if any) is over."""


class _RichStages(Stages):
    """One rich task per stage; a finished stage's bar stays, full, with its time."""

    def __init__(self, progress):
        self.progress = progress
        self.task = None
        self.total: int | None = None

    def start(self, name, total=None):
        self.finish()
        self.total = total
        self.task = self.progress.add_task(LABELS.get(name, name), total=total, counted=total is not None)

    def tick(self, n=1):
        if self.task is not None:
            self.progress.advance(self.task, n)

    def finish(self):
        if self.task is not None:
            # An uncounted stage is marked finished as 1 of 1 (the spinner turns to a tick);
            # its count columns stay empty, see _counted.
            done = self.total or 1
            self.progress.update(self.task, total=done, completed=done)
            self.progress.stop_task(self.task)          # freezes its elapsed time
            self.task = None


def _counted(column_class):
    """A subclass of the rich column `column_class` drawn only for a stage with a count (blank otherwise)."""
    from rich.text import Text

    class Counted(column_class):
        def render(self, task):
            return super().render(task) if task.fields.get("counted", True) else Text("")
    return Counted


@contextmanager
def terminal_stages(console) -> Iterator[Stages]:
    """A Stages hook drawing on `console` (a rich Console) if it is a terminal, else the silent one.

    Lines the caller prints on the same console meanwhile appear above the bars.
    """
    if not console.is_terminal:
        yield Stages()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(finished_text="[green]✓[/]"), TextColumn("{task.description:<32}"),
               _counted(BarColumn)(), _counted(MofNCompleteColumn)(), TimeElapsedColumn())
    with Progress(*columns, console=console, refresh_per_second=8) as progress:
        stages = _RichStages(progress)
        try:
            yield stages
        finally:
            stages.finish()


def phases(stages: Stages, line: Callable[[str], None]) -> Callable[[str], None]:
    """progress(message) for code that announces each phase as it begins.

    On a drawing hook each message starts a stage of its own (a spinner, then
    a tick and its elapsed time, the message as its label); otherwise the
    message goes to `line`, as the phase lines of a piped run.
    """
    if isinstance(stages, _RichStages):
        return stages.start
    return line
