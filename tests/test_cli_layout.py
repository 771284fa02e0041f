"""The CLI's modules: command modules import shared helpers from cli_common, never cli.py (no import circle)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from cthr.cli import main

CTHR_DIR = Path(__file__).resolve().parents[1] / "cthr"
COMMAND_MODULES = ["cli_common", "cli_curation", "cli_network", "cli_remote", "cli_sparql"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_no_command_module_imports_cli_py():
    offenders = {m: sorted(i for i in _imports(CTHR_DIR / f"{m}.py") if i == "cthr.cli")
                 for m in COMMAND_MODULES}
    assert {m: i for m, i in offenders.items() if i} == {}
    # And importing one does not pull cli.py in at run time either.
    code = "import sys, " + ", ".join(f"cthr.{m}" for m in COMMAND_MODULES) + "; print('cthr.cli' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_every_command_is_registered():
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert names == ["build", "entities", "eval", "export", "judge", "network", "project", "push",
                     "queries", "query", "remove", "review", "serve", "stats", "validate", "why"]
    # Each listed name (some load their module on first use) is that command.
    assert [main.get_command(ctx, n).name for n in names] == names
    assert sorted(main.get_command(ctx, "network").commands) == ["export", "report", "stats"]
    r = CliRunner().invoke(main, ["query", "--help"])
    assert r.exit_code == 0 and "--format [table|csv|tsv|json|jsonl]" in r.output
