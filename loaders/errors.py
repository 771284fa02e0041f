"""LoadError, in a module of its own so the CLI can catch it without
importing the fact model (its dataclasses take a noticeable part of start-up)."""

from __future__ import annotations


class LoadError(ValueError):
    """Bad input: the message names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
