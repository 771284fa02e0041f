"""The `cthr` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cthr import __version__
from cthr.cli_common import (DEFAULT_STORE, err, fail, format_option, graph_option, open_graph, out, print_rows,
                             progress_bars, quiet_broken_pipe, say_waiting, store_option, wait_option)
from cthr.loaders.errors import LoadError

# Commands kept in modules of their own, imported when one of them is asked for (or
# listed by --help): a command pays only for its own module. Those modules import
# only cli_common, never this one, so there is no import circle.
_LAZY = {"queries": "cthr.cli_sparql", "query": "cthr.cli_sparql", "export": "cthr.cli_sparql",
         "review": "cthr.cli_curation", "judge": "cthr.cli_curation", "project": "cthr.cli_curation",
         "network": "cthr.cli_network", "push": "cthr.cli_remote", "serve": "cthr.cli_remote"}


class _Main(click.Group):
    """The command group; a reader that stops reading stdout (`| head`) ends the command quietly,
    and Ctrl-C ends it with one line and the shell's status for SIGINT (130), not click's "Aborted!"."""

    def list_commands(self, ctx):
        return sorted({*self.commands, *_LAZY})

    def get_command(self, ctx, name):
        if name not in self.commands and name in _LAZY:
            import importlib

            for command in importlib.import_module(_LAZY[name]).COMMANDS:
                self.add_command(command)
        return self.commands.get(name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            quiet_broken_pipe()
        except KeyboardInterrupt:
            # What a command was writing is cleaned up by its own handlers on the way here.
            fail("interrupted", code=130)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cthr")
def main() -> None:
    """cthr-kg: a knowledge graph of counter-terrorism human-rights engagement.

    Build the graph from press releases and curated records, validate it,
    query it with stored SPARQL queries, export it and analyse who meets whom.
    """


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Turtle file to write (only if the graph is valid); none unless asked, except with "
                   "--no-store (default there: cthr.ttl). The store is the graph; `cthr export` writes it later.")
@store_option
@click.option("--fresh", is_flag=True, help="Start from an empty store instead of adding to it.")
@click.option("--no-store", is_flag=True, help="Build in memory only; write just the Turtle file.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Processes that load and map files in parallel (used from 48 files on).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, exists=True), envvar="CTHR_PROJECT",
              help="Project folder: cthr.toml, aliases, judgements, reviews (env CTHR_PROJECT; default: the working folder).")
@wait_option
def build(sources, output, store_path, fresh, no_store, workers, project_dir, wait):
    """Load SOURCES (files or folders), validate, write the store (and Turtle with -o).

    With no SOURCES, builds the bundled default corpus (two seed press
    releases and curated records of their events). A source already in the
    store is replaced; other sources are kept (use --fresh to start over).
    Nothing is written if any shape fails; the report says what and where.
    """
    from cthr.corpus import default_sources
    from cthr.graph.build import build as run_build
    from cthr.graph.lock import StoreBusy
    from cthr.loaders.project import find_project

    paths = list(sources) or [str(p) for p in default_sources()]
    if no_store and not output:
        output = "cthr.ttl"          # with no store the Turtle file is the only result
    try:
        project = find_project(project_dir)
        if project.used():
            err.print(f"[dim]project: {'; '.join(project.used())}[/]", soft_wrap=True)
        with progress_bars() as stages:                     # bars only when stderr is a terminal
            result = run_build(paths, store=None if no_store else store_path, out=output, fresh=fresh,
                               workers=workers, progress=lambda m: err.print(f"[dim]{m}[/]"), project=project,
                               wait=wait, on_wait=say_waiting, stages=stages)
    except (LoadError, StoreBusy) as exc:
        fail(str(exc))
    except (OSError, RuntimeError) as exc:
        fail(f"cannot write the graph: {' '.join(str(exc).split())[:300]}")
    report = result.report
    if not result.ok:
        err.print(report.text())
        fail("the graph does not pass the shapes; nothing was written")
    if report.warnings:
        err.print(report.text())
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    out.print(f"built {len(result.sources)} source(s)"
              + (f", {len(result.skipped)} unchanged" if result.skipped else "")
              + f": {result.triples} triples in {result.quads} quads; shapes pass ({timing})")
    for path in result.written:
        out.print(f"wrote {path}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--engine", type=click.Choice(["store", "pyshacl"]), default="store", show_default=True,
              help="store: the shapes as SPARQL in oxigraph (fast); pyshacl: the reference engine.")
def validate(file, engine):
    """Validate an RDF FILE against the cthr shapes; exit 1 if it does not conform."""
    from pyoxigraph import DefaultGraph

    from cthr.graph.store import GraphStore
    from cthr.graph.validate import to_rdflib, validate_graph, validate_store_graph

    graph = GraphStore()
    try:
        graph.load_file(file)
    except (SyntaxError, ValueError, OSError) as exc:
        fail(f"{file}: cannot read RDF: {exc}")
    if engine == "store":
        report = validate_store_graph(graph.store)
    else:   # the default graph holds the file's triples (and the union of its named graphs)
        report = validate_graph(to_rdflib(q.triple for q in graph.store.quads_for_pattern(None, None, None, DefaultGraph())))
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@store_option
@graph_option
@format_option
def stats(store_path, graph_file, fmt):
    """Counts: triples, sources, and instances of each cthr class."""
    from cthr.graph.stats import graph_stats

    graph = open_graph(store_path, graph_file)
    s = graph_stats(graph)
    print_rows(["what", "count"], [[k, v] for k, v in s.items()], fmt, title="cthr-kg graph")


@main.command()
@click.argument("keys", nargs=-1, required=True)
@store_option
@wait_option
def remove(keys, store_path, wait):
    """Remove sources (by key, the file stem) and all their facts from the store."""
    from cthr.graph.build import remove_sources
    from cthr.graph.lock import StoreBusy

    if not Path(store_path).is_dir():
        fail(f"no graph store at {store_path}")
    try:
        removed = remove_sources(store_path, list(keys), wait=wait, on_wait=say_waiting)
    except (LoadError, StoreBusy) as exc:
        fail(str(exc))
    except (OSError, RuntimeError) as exc:
        fail(f"cannot change the graph store: {' '.join(str(exc).split())[:300]}")
    for k in keys:
        out.print(f"{'removed' if k in removed else 'not in store'}: {k}")
    sys.exit(0 if len(removed) == len(keys) else 1)


@main.command()
@store_option
@graph_option
@click.option("--merges", is_flag=True, help="Only organisations known under more than one name, for review.")
@click.option("--candidates", is_flag=True, help="Possible duplicates not merged, with a score and the reasons.")
@click.option("--min-score", type=click.IntRange(0, 100), default=70, show_default=True,
              help="With --candidates: the least score listed.")
@click.option("--redirects", is_flag=True, help="IRIs that now resolve to another node (owl:sameAs).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, exists=True), envvar="CTHR_PROJECT",
              help="With --candidates: the project whose judgements to leave out (default: the working folder).")
@format_option
def entities(store_path, graph_file, merges, candidates, min_score, redirects, project_dir, fmt):
    """List organisations with their names, country (national bodies), sector and events.

    With --merges, shows each organisation that different sources or
    spellings were resolved to, with every name it was found under, so a
    researcher can check the merge (a `different` judgement undoes one).
    With --candidates, pairs that may be one body but were not merged, for
    a `cthr judge` decision.
    """
    from cthr.graph.stats import organisations

    graph = open_graph(store_path, graph_file)
    if candidates or redirects:
        from cthr.cli_curation import show_candidates, show_redirects

        return show_candidates(graph, project_dir, min_score, fmt) if candidates else show_redirects(graph, fmt)
    rows = organisations(graph)
    if merges:
        rows = [r for r in rows if len(r["names"]) > 1]
    print_rows(["organisation", "names", "country", "sector", "events", "sources", "iri"],
               [[r["label"], r["names"], r["country"], r["sector"], r["events"], r["sources"], r["iri"]]
                for r in rows], fmt,
               title="merged organisations" if merges else "organisations", multi={"names": " | "})


@main.command()
@click.argument("node")
@store_option
@graph_option
@format_option
def why(node, store_path, graph_file, fmt):
    """Show the evidence for NODE: source, quote and character span or record line.

    NODE is a full IRI, the short `id:kind/hash` form tables print, or an
    organisation's name or acronym (resolved as `--param org=` is).
    """
    from cthr.graph.query import QueryError
    from cthr.graph.stats import current_iri, evidence_for, has_node, node_iri

    graph = open_graph(store_path, graph_file)
    try:
        iri = current_iri(graph, node_iri(graph, node))   # a merged node's other IRIs still resolve
    except QueryError as exc:
        fail(str(exc))
    rows = evidence_for(graph, iri)
    if not rows:
        fail(f"no evidence recorded for {iri}" if has_node(graph, iri) else f"the graph has nothing about {iri}")
    print_rows(["source", "where", "quote"], rows, fmt)


@main.command(name="eval")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "csv", "tsv", "json", "jsonl"]),
              default="table", show_default=True,
              help="table and markdown: the Markdown table; the others one row per directory and type.")
@click.option("-v", "--verbose", is_flag=True, help="List every false positive and false negative with its rule and sentence.")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="With -v, only these types (organisations, persons, funders, resources, event, org_roles).")
def eval_cmd(directories, fmt, verbose, types):
    """Precision/recall/F1 of the text extractor against gold annotations.

    Each DIRECTORY holds press releases (NAME.txt or NAME.html) with gold files (NAME.json).
    With none, evaluates the bundled seeds against their bundled gold. With
    -v, every false positive and false negative follows the table, with the
    rule that produced it and its sentence, so errors can be grouped.
    """
    from cthr.corpus import gold_directory
    from cthr.loaders.evaluate import TYPES, evaluate_dir, format_errors, format_table

    if verbose and fmt not in ("table", "markdown"):
        fail("-v lists errors as text: use it with --format table or markdown")
    dirs = list(directories) or [str(gold_directory())]
    rows = []
    for d in dirs:
        report = evaluate_dir(d)
        if fmt not in ("table", "markdown"):
            totals = report.totals
            rows += [[d, t, totals[t].tp, totals[t].fp, totals[t].fn, round(totals[t].precision, 4),
                      round(totals[t].recall, 4), round(totals[t].f1, 4)]
                     for t in [t for t in TYPES if t in totals] + [t for t in totals if t not in TYPES]]
            continue
        click.echo(f"## {d}" if len(dirs) > 1 else "", nl=len(dirs) > 1)
        click.echo(format_table(report))
        if verbose:
            click.echo("")
            click.echo(format_errors(report, tuple(types) or None))
    if rows:
        print_rows(["directory", "type", "tp", "fp", "fn", "precision", "recall", "f1"], rows, fmt)


if __name__ == "__main__":  # pragma: no cover
    main()
