"""Output formats on real built graphs: typed JSON, JSON Lines, --format everywhere, unwrapped piped tables, broken pipes."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from click.testing import CliRunner

from cthr.cli import main
from cthr.graph.values import IRI, Boolean, Date, Decimal, Integer, multi_columns, python_value

from helpers import CTHR

ONSA = "https://w3id.org/cthr/id/org/39947adb0bc078946eb6"
UNOCT = "United Nations Office of Counter-Terrorism"


def cli(*args):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r


def test_query_json_has_numbers_and_arrays(records_build):
    rows = json.loads(cli("query", "co-attendance", "--param", "org=ONSA", "--store", str(records_build / "store"),
                          "--format", "json").stdout)
    top = rows[0]
    assert top["organisation"] == UNOCT and top["sharedEvents"] == 2      # a number, not "2"
    assert isinstance(top["events"], list) and len(top["events"]) == 2    # GROUP_CONCAT'ed: an array
    assert all(isinstance(r["sharedEvents"], int) and isinstance(r["events"], list) for r in rows)
    assert top["other"].startswith("https://w3id.org/cthr/id/org/")         # IRIs in full


def test_jsonl_is_one_object_a_line_equal_to_json(records_build):
    args = ("query", "events-in-range", "--store", str(records_build / "store"), "--format")
    as_json = json.loads(cli(*args, "json").stdout)
    lines = cli(*args, "jsonl").stdout.splitlines()
    assert len(lines) == len(as_json) == 2
    assert [json.loads(line) for line in lines] == as_json
    assert as_json[0]["organisers"] == ["International Institute for Justice and the Rule of Law"]
    assert as_json[0]["start"] == "2024-12-03"


@pytest.mark.parametrize("args, check", [
    (["stats"], lambda rows: {"what": "Event", "count": 2} in rows),
    (["why", "ONSA"], lambda rows: rows[0] == {"source": "seed-events", "where": "line 53", "quote": None}),
    (["queries"], lambda rows: {"query": "events-in-range", "title": "Events in a date range",
                                "parameters (? = optional)": ["from? (xsd:date)", "to? (xsd:date)",
                                                              "place? (string)"]} in rows),
    (["entities", "--merges"], lambda rows: any(r["iri"] == ONSA and isinstance(r["names"], list)
                                                and len(r["names"]) > 1 and r["events"] == 2 for r in rows)),
    (["network", "stats"], lambda rows: all(isinstance(r["degree"], float) and isinstance(r["events"], int)
                                            for r in rows) and len(rows) == 20),
])
def test_every_table_command_takes_format_json(records_build, args, check):
    where = [] if args[0] == "queries" else ["--store", str(records_build / "store")]
    rows = json.loads(cli(*args, *where, "--format", "json").stdout)
    assert check(rows), rows[:3]


def test_project_table_formats(tmp_path):
    r = CliRunner().invoke(main, ["project", "--project", str(tmp_path), "--format", "jsonl"])
    assert r.exit_code == 0
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {"setting": "judgements read", "value": 0} in rows


def test_piped_tables_do_not_wrap(records_build):
    # CliRunner's stdout is not a terminal, as a pipe is not: every row stays on one line.
    out = cli("query", "events-in-range", "--store", str(records_build / "store")).stdout
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 2
    first = json.loads(cli("query", "events-in-range", "--store", str(records_build / "store"),
                           "--format", "json").stdout)[0]["label"]
    assert len(first) > 80 and first in rows[0]            # a long title kept whole on its line
    assert len({len(line) for line in out.splitlines()[1:] if line.strip()}) == 1   # one width, as wide as needed


def _rich_table(columns, rows, title) -> str:
    """What rich draws for the table at the width it needs (the piped output before rich left that path)."""
    import io

    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None)
    for c in columns:
        table.add_column(Text(c), overflow="fold")
    for r in rows:
        table.add_row(*map(Text, r))
    buf = io.StringIO()
    wide = Console(file=buf, width=1_000_000, color_system=None)
    width = max(Measurement.get(wide, wide.options, table).maximum, len(title or ""))
    Console(file=buf, width=width, color_system=None).print(table)
    return buf.getvalue()


def test_piped_table_is_drawn_as_rich_draws_it(records_build):
    from cthr.cli_common import plain_table

    rows = json.loads(cli("query", "frequent-attendees", "--param", "min=1", "--store",
                          str(records_build / "store"), "--format", "json").stdout)
    columns = list(rows[0])
    real = [["; ".join(map(str, v)) if isinstance(v, list) else str(v) for v in r.values()] for r in rows]
    odd = [["漢字 wide", "e\u0301 combining", "two\nlines", "tab\tstop", "bell\x07 and\r return"][:len(columns)],
           ["", "وزارة العدل", "Université de Genève", "x" * 90, "Ω"][:len(columns)]]
    for title in ("Organisations at N or more events", None):
        for body in (real, odd, []):
            assert plain_table(columns, body, title) == _rich_table(columns, body, title), (title, body[:1])


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    """Enough N-Triples (about 10 MB) that the output outgrows any pipe buffer, and a query for all of it."""
    folder = tmp_path_factory.mktemp("big")
    with (folder / "big.nt").open("w", encoding="utf-8") as f:
        for i in range(40000):
            f.write(f'<https://w3id.org/cthr/id/org/x{i}> <http://www.w3.org/2000/01/rdf-schema#label> '
                    f'"organisation {i} with a name long enough to fill the pipe" .\n')
            f.write(f"<https://w3id.org/cthr/id/org/x{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<https://w3id.org/cthr/ontology#Organisation> .\n")
    (folder / "all.rq").write_text("SELECT ?s ?p ?o { ?s ?p ?o }", encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [["export", "--format", "nt"],
                                  ["query", "--file", "all.rq", "--format", "csv"],
                                  ["query", "--file", "all.rq", "--format", "jsonl"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(big_graph, args):
    proc = subprocess.Popen([CTHR, *args, "--graph", "big.nt"], cwd=big_graph, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline()           # `| head -1`
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 1)
    assert "rror" not in stderr and "Traceback" not in stderr, stderr


def test_cells_keep_their_rdf_type():
    assert python_value(Integer("27")) == 27 and python_value(Decimal("0.5")) == 0.5
    assert python_value(Boolean("true")) is True and python_value(Date("2024-12-03")) == date(2024, 12, 3)
    assert python_value(IRI(ONSA)) == ONSA and python_value("plain") == "plain" and python_value("") is None
    assert python_value(Integer("many")) == "many"          # an ill-typed literal stays its text
    text = '''SELECT ?a (GROUP_CONCAT(DISTINCT STR(?n); separator="; ") AS ?names)
              (group_concat(?x ; SEPARATOR = "\\u001f") AS ?xs) (GROUP_CONCAT(?y) AS ?ys) {}'''
    assert multi_columns(text) == {"names": "; ", "xs": "\x1f"}     # no separator given: not split


def test_entities_of_a_turtle_export_are_those_of_its_store(default_build):
    from_store = json.loads(cli("entities", "--store", str(default_build / "store"), "--format", "json").stdout)
    from_file = json.loads(cli("entities", "--graph", str(default_build / "graph.ttl"), "--format", "json").stdout)
    assert from_store and from_file == from_store
    assert any(r["sources"] > 1 for r in from_file)
