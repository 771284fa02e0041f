"""What every `cthr` command shares: one-line errors, the store/graph options, opening a graph, printing rows.

The command modules (cli.py, cli_sparql.py, ...) import from here and never
from each other, so no import circle joins them.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

DEFAULT_STORE = "cthr-store"
FORMATS = ("table", "csv", "tsv", "json", "jsonl")


class _Console:
    """A rich Console made on first use: importing rich.console takes about
    40 ms that `--help`, JSON and CSV output never need."""

    def __init__(self, **options):
        self._options = options
        self._console = None

    def rich(self):
        """The rich Console itself (for rich.progress, which draws on it)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name):
        return getattr(self.rich(), name)


# soft_wrap: a message piped to a file or another program keeps its lines whole.
err = _Console(stderr=True, highlight=False, soft_wrap=True)
out = _Console(highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> None:
    """One clear line on stderr, then exit non-zero (control characters escaped, long values cut)."""
    from rich.markup import escape

    from cthr.loaders.hygiene import one_line

    err.print(f"[bold red]error:[/] {escape(one_line(str(message)))}", markup=True, soft_wrap=True)
    sys.exit(code)


def say_waiting(message: str) -> None:
    from rich.markup import escape

    err.print(f"[dim]{escape(message)}[/]", markup=True, highlight=False, soft_wrap=True)


def quiet_broken_pipe() -> None:
    """The reader of stdout went away (`| head`): exit at once, saying nothing, as `cat` would."""
    import os

    # Later flushes (at exit too) go nowhere instead of raising again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):   # a stdout without a descriptor (a test runner)
        pass
    sys.exit(1)


wait_option = click.option(
    "--wait", type=click.FloatRange(0), is_flag=False, flag_value=float("inf"), default=0.0,
    metavar="[SECONDS]", help="If another cthr process is changing the store, wait for it (up to SECONDS; "
    "no value: as long as it takes) instead of failing at once.")
store_option = click.option(
    "--store", "store_path", type=click.Path(file_okay=False), envvar="CTHR_STORE", default=DEFAULT_STORE,
    show_default=True, help="Graph store folder (env CTHR_STORE).")
graph_option = click.option(
    "--graph", "graph_file", type=click.Path(dir_okay=False, exists=True),
    help="Read this RDF file (Turtle, TriG, N-Triples, N-Quads) instead of the store.")


def format_option(fn=None, *, extra: tuple[str, ...] = ()):
    """`--format table|csv|tsv|json|jsonl` (plus `extra` choices) as the `fmt` argument."""
    option = click.option(
        "--format", "fmt", type=click.Choice([*FORMATS, *extra]), default="table", show_default=True,
        help="table; csv or tsv (full IRIs); json or jsonl (one object a line) with numbers, booleans "
             "and multi-valued cells as arrays.")
    return option(fn) if fn else option


def open_graph(store_path: str, graph_file: str | None):
    """The graph to read: an RDF file loaded in memory, or the store read-only."""
    from cthr.graph.store import GraphStore

    if graph_file:
        graph = GraphStore()
        try:
            graph.load_file(graph_file)
        except (SyntaxError, ValueError, OSError) as exc:
            fail(f"{graph_file}: cannot read RDF: {exc}")
        # The stored queries read the derived edges and display names: a file
        # written by `cthr build` has them; any other gets them here.
        graph.refresh_inferences()
        return graph
    from cthr.graph.lock import StoreBusy
    from cthr.graph.storedir import StoreInconsistent, open_store

    path = Path(store_path)
    if not path.is_dir() and not path.with_name(path.name + ".old").is_dir():
        fail(f"no graph store at {store_path}: run `cthr build` first, or pass --graph FILE")
    try:
        return open_store(path, warn=lambda m: err.print(f"[bold yellow]warning:[/] {m}", markup=True,
                                                          highlight=False, soft_wrap=True))
    except (StoreInconsistent, StoreBusy) as exc:
        fail(str(exc))
    except (OSError, RuntimeError) as exc:
        fail(f"{store_path}: cannot open the graph store: {' '.join(str(exc).split())[:300]}")


def _text(value, separator: str = "; ") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return separator.join(_text(v, separator) for v in value)
    return str(value)


def _json(value, separator: str | None):
    from cthr.graph.values import json_value, split_multi

    if isinstance(value, (list, tuple)):
        return [_json(v, None) for v in value]
    if separator is not None and isinstance(value, str):
        return [json_value(v) for v in split_multi(value, separator)]
    if isinstance(value, str):
        return json_value(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)                   # JSON has no NaN or infinity
    return value


def print_rows(columns: list[str], rows, fmt: str = "table", title: str | None = None,
               multi: dict[str, str] | None = None) -> None:
    """Print rows as a table, CSV, TSV, JSON or JSON Lines.

    Cells are text (typed graph.values cells from queries) or Python values;
    a list, or a text cell of a column in `multi` ({column: separator}), is
    a multi-valued cell: joined in text formats, an array in JSON.
    """
    import csv
    import json

    multi = multi or {}
    if fmt in ("json", "jsonl"):
        records = [{c: _json(v, multi.get(c)) for c, v in zip(columns, r)} for r in rows]
        if fmt == "json":
            sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        else:
            for record in records:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_text(v, multi.get(c, "; ")) for c, v in zip(columns, r)] for r in rows)
        sys.stdout.flush()
    else:
        _print_table(columns, [[_text(v, multi.get(c, "; ")) for c, v in zip(columns, r)] for r in rows], title)


def _is_terminal(stream) -> bool:
    """As rich decides it, without importing rich: a TTY, or FORCE_COLOR set."""
    import os

    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _print_table(columns: list[str], rows: list[list[str]], title: str | None) -> None:
    if not _is_terminal(sys.stdout):
        # Piped or redirected: no terminal to fit, so each row stays one line at the width
        # it needs, drawn here as rich draws it, without rich's import (~25 ms of a read command).
        sys.stdout.write(plain_table(columns, rows, title))
        sys.stdout.flush()
        return
    from rich.table import Table
    from rich.text import Text

    # Text, not str: a value is data, never console markup or an :emoji: code (and skipping
    # that parse saves a read command a few milliseconds per hundred cells).
    table = Table(title=Text(title, style="table.title") if title else None, show_lines=False)
    for c in columns:
        table.add_column(Text(c), overflow="fold")
    for r in rows:
        table.add_row(*map(Text, r))
    out.print(table)


def _cells(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters 2, combining marks 0."""
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def plain_table(columns: list[str], rows: list[list[str]], title: str | None = None) -> str:
    """The table in rich's default box (heavy head), every column as wide as its widest line.

    A cell with line breaks takes several lines, as in rich; the title is
    centred over the table but never wrapped.
    """
    strip = str.maketrans("", "", "\x07\x08\x0b\x0c\r")     # the control codes rich's Text drops
    head = [[c.translate(strip).expandtabs(8)] for c in columns]
    body = [[v.translate(strip).expandtabs(8).split("\n") for v in r] for r in rows]
    widths = [max(_cells(line) for cell in [h, *(r[i] for r in body)] for line in cell)
              for i, h in enumerate(head)]

    def rule(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    def lines(cells: list[list[str]], bar: str) -> str:
        height = max((len(c) for c in cells), default=1)
        drawn = []
        for k in range(height):
            parts = [(c[k] if k < len(c) else "") for c in cells]
            drawn.append(bar + bar.join(f" {p}{' ' * (w - _cells(p))} " for p, w in zip(parts, widths)) + bar)
        return "\n".join(drawn) + "\n"

    text = ""
    if title:
        total = sum(widths) + 3 * len(widths) + 1
        gap = max(0, total - _cells(title))
        text = " " * (gap // 2) + title + " " * (gap - gap // 2) + "\n"
    text += rule("┏", "━", "┳", "┓") + lines(head, "┃") + rule("┡", "━", "╇", "┩")
    text += "".join(lines(r, "│") for r in body)
    return text + rule("└", "─", "┴", "┘")


def progress_bars():
    """The progress hook of graph/progress.py for stderr: bars on a terminal, else the silent
    hook (and then rich is not imported)."""
    from cthr.graph.progress import Stages, terminal_stages

    if not _is_terminal(sys.stderr):
        from contextlib import nullcontext

        return nullcontext(Stages())
    return terminal_stages(err.rich())


def note(message: str) -> None:
    """A dim line on stderr (counts, summaries); plain text, without rich, when stderr is not a terminal."""
    if _is_terminal(sys.stderr):
        err.print(message, style="dim", markup=False, highlight=False)
    else:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


__all__ = ["DEFAULT_STORE", "FORMATS", "err", "out", "fail", "say_waiting", "quiet_broken_pipe", "wait_option",
           "store_option", "graph_option", "format_option", "open_graph", "print_rows", "plain_table", "note",
           "progress_bars"]
