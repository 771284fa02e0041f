"""SPARQL commands: stored queries, ad-hoc queries, exports."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cthr.cli_common import (fail, format_option, graph_option, note, open_graph, out, print_rows, progress_bars,
                             say_waiting, store_option, wait_option)

EXPORT_FORMATS = ("turtle", "jsonld", "nt", "trig", "nquads", "rdfxml")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from cthr.loaders.hygiene import cut

    given: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"--param {cut(pair)}: expected key=value")
        if key.strip() in given:
            fail(f"--param {cut(key.strip())} is given twice")
        given[key.strip()] = value
    return given


def _warm(catalogue, store_path: str, graph_file: str | None, timeout: float) -> None:
    """Each stored query without a required parameter evaluated once and kept, one line on stderr each.

    Each runs in a child under `timeout` seconds (graph/limits.py), which writes the cache itself: a
    listing that takes longer is stopped and left to be asked for.
    """
    import time

    from cthr.graph.limits import CLI_LIMITS, LimitExceeded, Limits, call_forked
    from cthr.graph.query import QueryError, inline_bindings, local_runner, stored_bindings
    from cthr.graph.sparql_results import keep_answer

    if graph_file:
        fail("--warm fills a store's result cache: give --store, not --graph")
    graph = open_graph(store_path, None)
    if graph.cache is None:
        fail(f"{store_path}: no result cache for this store (CTHR_CACHE is off, or the folder cannot be read)")
    runner = local_runner(graph)
    for q in catalogue.values():
        needed = [p.name for p in q.params if p.required]
        if needed:
            note(f"{q.name}: skipped (needs --param {needed[0]}=...)")
            continue
        started = time.perf_counter()
        try:
            text = inline_bindings(q.text, stored_bindings(runner, q, {}, catalogue))
            rows = call_forked(keep_answer, graph, text, limits=Limits(timeout, CLI_LIMITS.memory_mib))
        except LimitExceeded as exc:
            note(f"{q.name}: not kept ({' '.join(str(exc).split())})")
            continue
        except (QueryError, ValueError, OSError, RuntimeError) as exc:
            fail(f"{q.name}: {' '.join(str(exc).split())}")
        took = time.perf_counter() - started
        kept = rows is not None and graph.cache.terms(text, 0, 0) is not None
        note(f"{q.name}: {rows or 0:,} rows in {took:.2f} s, "
             + ("kept" if kept else "not kept (answers this quick are computed again)"))


@click.command()
@click.option("--markdown", is_flag=True,
              help="Write the catalogue as Markdown with one real output per query (docs/queries.md).")
@click.option("--warm", is_flag=True,
              help="Compute every stored query that needs no parameter and keep its answer in the store's result "
                   "cache, so its first page is read, not evaluated (after a build, before serving).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="With --warm: seconds per query; a slower one is stopped and not kept.")
@store_option
@graph_option
@format_option
def queries(markdown, warm, timeout, store_path, graph_file, fmt):
    """List the stored queries: name, title and parameters.

    With --markdown, runs each query's example on the graph (--store or
    --graph) and prints the documentation page: `cthr queries --markdown >
    docs/queries.md` after building the default corpus regenerates it.
    With --warm, fills the store's result cache instead (graph/resultcache.py).
    """
    from cthr.graph.query import QueryError, catalogue_markdown, load_catalogue, local_runner

    try:
        catalogue = load_catalogue(check=markdown or warm)      # a listing reads the headers only
    except QueryError as exc:
        fail(str(exc))
    if warm:
        _warm(catalogue, store_path, graph_file, timeout)
        return
    if markdown:
        graph = open_graph(store_path, graph_file)
        click.echo(catalogue_markdown(local_runner(graph), catalogue), nl=False)
        return
    rows = []
    for q in catalogue.values():
        params = [p.name + ("?" if not p.required else "") + f" ({p.type})" + (f" = {p.default}" if p.default else "")
                  for p in q.params]
        rows.append([q.name, q.title, params])
    print_rows(["query", "title", "parameters (? = optional)"], rows, fmt, title="stored queries",
               multi={"parameters (? = optional)": ", "})


@click.command()
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, exists=True),
              help="Run the SPARQL in this file instead of a stored query.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value (repeatable); see `cthr queries`.")
@format_option
@store_option
@graph_option
@click.option("--endpoint", metavar="URL", help="Run on this remote SPARQL endpoint instead of the local graph.")
@click.option("--allow-network", is_flag=True, help="Permit SERVICE and LOAD, which fetch from the network.")
@click.option("--allow-update", is_flag=True, help="Permit a SPARQL Update from --file (applied to --store only).")
@click.option("--timeout", type=click.FloatRange(0.1, 86400), default=300.0, show_default=True, metavar="SECONDS",
              help="Stop a query or update that runs longer than this.")
@click.option("--max-memory", type=click.IntRange(64, 1_048_576), default=2048, show_default=True, metavar="MIB",
              help="Stop a query or update that needs more memory than this, in MiB.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), metavar="N",
              help="Print at most N rows (a page), and the total on stderr.")
@click.option("--offset", type=click.IntRange(0, 1_000_000_000), metavar="M",
              help="Skip the first M rows (with --limit: the page starting at row M+1).")
@wait_option
def query(name, query_file, params, fmt, store_path, graph_file, endpoint, allow_network, allow_update,
          timeout, max_memory, limit, offset, wait):
    """Run the stored query NAME (or --file FILE) with --param values.

    Values are bound as typed RDF terms, never pasted into the query. Only
    read-only queries run unless --allow-update; SERVICE and LOAD are refused
    unless --allow-network. A local query or update runs in a child process
    under --timeout and --max-memory and is stopped, with one line, past either.
    """
    from cthr.graph.limits import Limits

    limits = Limits(timeout, max_memory)
    from cthr.graph.query import (QueryError, check_query, compact_rows, get_query, local_runner,
                                  parse_query_text, run_stored)

    if bool(name) == bool(query_file):
        fail("give either a stored query NAME or --file FILE (see `cthr queries`)")
    given = _parse_params(params)
    try:
        if query_file:
            try:
                text = Path(query_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                fail(f"{query_file}: cannot read: {exc}")
            stored = parse_query_text(text, Path(query_file).stem, query_file, require_header=False)
        else:
            stored = get_query(name)
        form = check_query(stored.text, allow_network=allow_network, allow_update=allow_update)
        if form == "UPDATE":
            if given:
                fail("parameters cannot be bound in an update")
            if endpoint or graph_file:
                fail("updates apply only to a local --store, not to --graph or --endpoint")
            _update(store_path, stored.text, allow_network, limits, wait)
            return
        if endpoint:
            if allow_network:
                fail("--allow-network applies to local queries only: a remote endpoint is never asked to "
                     "fetch (SERVICE, LOAD)")
            runner = _remote_runner(endpoint)
        else:
            runner = local_runner(open_graph(store_path, graph_file), allow_network=allow_network, limits=limits)
        page = None
        if limit is not None or offset is not None:
            from cthr.graph.paging import run_page

            page = run_page(runner, stored, given, limit, offset or 0)
            columns, rows = page.columns, page.rows
        else:
            columns, rows = run_stored(runner, stored, given)
    except QueryError as exc:
        fail(str(exc))
    from cthr.graph.values import multi_columns

    multi = multi_columns(stored.text)          # GROUP_CONCAT columns: arrays in JSON
    if fmt == "table":
        print_rows(columns, compact_rows(rows), fmt, title=stored.title)
        # A default filters as a given value does: say which applied, so none is hidden.
        defaults = ", ".join(f"{p.name}={p.default}" for p in stored.params
                             if p.default is not None and p.name not in given)
        counted = page.summary() if page else f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
        note(counted + (f" (defaults: {defaults})" if defaults else ""))
    else:
        print_rows(columns, rows, fmt, multi=multi)
        if page:                            # on stderr: the CSV/JSON on stdout stay the standard formats
            note(page.summary())


def _remote_runner(endpoint: str):
    """Run through cthr.graph.remote.run_remote, with the project prefixes declared."""
    from cthr.graph.query import QueryError, check_query, with_prefixes

    try:
        from cthr.graph.remote import run_remote
    except ImportError:
        fail("remote endpoints are not available in this installation (cthr.graph.remote is missing)")

    def runner(text, bindings):
        check_query(text)
        try:
            return run_remote(endpoint, with_prefixes(text), bindings)
        except QueryError:
            raise
        except Exception as exc:  # the endpoint's failures become one line
            raise QueryError(f"{endpoint}: {' '.join(str(exc).split()) or type(exc).__name__}") from None
    return runner


def _update(store_path: str, text: str, allow_network: bool, limits, wait: float) -> None:
    """Apply an update to the store, all or nothing, in a worker process under `limits`."""
    from cthr.graph.limits import Worker
    from cthr.graph.lock import StoreBusy, holder, store_lock
    from cthr.graph.query import QueryError
    from cthr.loaders.model import LoadError

    if not Path(store_path).is_dir():
        fail(f"no graph store at {store_path}: run `cthr build` first")
    if wait:
        try:                                # only to say that it waits: the worker takes the lock
            with store_lock(store_path, wait=0):
                pass
        except StoreBusy:
            info = holder(store_path) or {}
            say_waiting(f"{store_path} is being changed by another cthr process (pid {info.get('pid', '?')}); "
                         "waiting for it")
    # A fresh interpreter, not a fork: it opens the store for writing itself.
    worker = Worker(limits)
    try:
        result = worker.call("cthr.graph.update:apply_update_call", store_path, text, wait, allow_network,
                             "cthr query --allow-update", what="update", timeout=limits.timeout + wait)
    except (StoreBusy, LoadError, QueryError) as exc:
        fail(str(exc))
    finally:
        worker.kill()
    out.print(f"updated {store_path}: {result.summary()} (inferences refreshed; "
              "run `cthr validate` on an export to re-check the shapes)")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically) instead of stdout.")
@click.option("--context-url", metavar="URL",
              help="JSON-LD: reference the context published at URL instead of embedding it "
                   "(it must serve ontology/context.jsonld, as `cthr serve` does at /context.jsonld).")
@store_option
@graph_option
def export(fmt, output, context_url, store_path, graph_file):
    """Export the graph: Turtle (byte-stable), JSON-LD, N-Triples, TriG, N-Quads or RDF/XML.

    TriG, N-Quads and JSON-LD keep the named graphs (one per source plus
    the inferred graph); the others merge them into one set of triples.
    """
    from cthr.graph.export import export as write_export
    from cthr.graph.export import serialise

    if context_url is not None:             # refused before the graph is read
        from cthr.graph.jsonld import check_context_url

        try:
            if fmt != "jsonld":
                raise ValueError(f"--context-url applies to --format jsonld only, not {fmt}")
            check_context_url(context_url)
        except ValueError as exc:
            fail(str(exc))
    graph = open_graph(store_path, graph_file)
    try:
        # A spinner while the graph is serialised (seconds at a million triples), on a terminal only.
        with progress_bars() as stages:
            stages.start("export")
            if output:
                size = write_export(graph, output, fmt, context_url)
            else:
                data = serialise(graph, fmt, context_url)
        if output:
            note(f"wrote {output} ({size} bytes, {fmt})")
        else:
            sys.stdout.flush()
            stream = getattr(sys.stdout, "buffer", None)
            if stream is None:              # a text-only stdout (embedding, some test runners)
                sys.stdout.write(data.decode("utf-8"))
            else:
                # In blocks: a reader that leaves early (`| head`) is noticed at the next block.
                for at in range(0, len(data), 1 << 16):
                    stream.write(data[at:at + (1 << 16)])
                stream.flush()
    except BrokenPipeError:
        raise                               # the reader went away (`| head`): quiet, see cli.main
    except (ValueError, OSError) as exc:
        fail(f"cannot export: {exc}")

# Registered on the `cthr` group by cthr/cli.py.
COMMANDS = [queries, query, export]
