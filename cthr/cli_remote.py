"""Remote endpoints and the local SPARQL server: push, serve."""

from __future__ import annotations

import ipaddress
import re
import signal
import sys
from pathlib import Path

import click

from cthr.cli_common import err, fail, graph_option, open_graph, out, progress_bars, store_option


def _no_userinfo(url: str | None, option: str) -> None:
    """Refuse credentials on the command line: they would sit in shell history and `ps`."""
    from urllib.parse import urlsplit

    from cthr.graph.remote import mask_url

    if url and "@" in urlsplit(url).netloc:
        fail(f"{option} {mask_url(url)}: do not put credentials in the URL; set CTHR_SPARQL_USER and "
             "CTHR_SPARQL_PASSWORD or use ~/.config/cthr/endpoints.toml (see docs/remote.md)")


@click.command()
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint (used to verify counts).")
@click.option("--update-endpoint", metavar="URL", help="SPARQL Update endpoint, if not the same URL "
              "(Virtuoso: http://HOST:8890/sparql-auth with digest credentials).")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Push every triple into this one named graph instead of keeping the graphs.")
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Triples per INSERT DATA request.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Retries of a failed request (connection error, timeout, 5xx), with doubling delays.")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=60.0, show_default=True,
              help="Seconds per HTTP request.")
@store_option
@click.option("--from", "graph_file", type=click.Path(dir_okay=False, exists=True),
              help="Push this RDF file (TriG/N-Quads keep their graphs) instead of the store.")
def push(endpoint, update_endpoint, graph_iri, batch_size, retries, timeout, store_path, graph_file):
    """Upload the graph to a SPARQL endpoint and verify it by counting there.

    Each named graph (one per source, plus the inferred graph) replaces the
    graph of the same name on the server; with --graph IRI all triples
    replace that one graph. Credentials come from CTHR_SPARQL_USER /
    CTHR_SPARQL_PASSWORD (CTHR_SPARQL_AUTH=digest for Virtuoso) or
    ~/.config/cthr/endpoints.toml, never from the command line.
    """
    from cthr.graph.remote import PushError, RemoteError, mask_url
    from cthr.graph.push import push as run_push

    _no_userinfo(endpoint, "--endpoint")
    _no_userinfo(update_endpoint, "--update-endpoint")
    graph = open_graph(store_path, graph_file)
    try:
        with progress_bars() as stages:                     # bars only when stderr is a terminal
            report = run_push(graph, endpoint, graph_iri, update_endpoint=update_endpoint, batch_size=batch_size,
                              retries=retries, timeout=timeout, progress=lambda m: err.print(f"[dim]{m}[/]"),
                              stages=stages)
    except PushError as exc:
        err.print(exc.report.summary())
        fail(str(exc))
    except RemoteError as exc:
        fail(str(exc))
    out.print(f"pushed to {mask_url(endpoint)}: the server holds {report.total_verified} triples in "
              f"{len(report.expected)} graph(s), as sent ({report.batches} batches; counted on the server)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port (0 picks a free one and prints it).")
@store_option
@graph_option
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (on a --store only; otherwise 403).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              help="Seconds a query or update may run; past it, it is stopped and the request answered 503.")
@click.option("--max-memory", type=click.IntRange(64, 1_048_576), default=1024, show_default=True, metavar="MIB",
              help="Memory a query may use in its worker process, in MiB; past it, 503.")
@click.option("--max-rows", type=click.IntRange(1, 10_000_000), default=10_000, show_default=True,
              help="Rows (or triples) per result; more are cut and the X-Cthr-Truncated header set.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes that run queries (at most this many queries at once).")
@click.option("--io-timeout", type=click.FloatRange(0.1, 3600), default=20.0, show_default=True,
              help="Seconds a client may take to send a whole request (else 408 or the connection is dropped).")
@click.option("--wait", type=click.FloatRange(0, 3600), default=0.0, show_default=True, metavar="SECONDS",
              help="How long an update waits for another cthr process changing the store (else 503).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let pages from this origin (e.g. https://yasgui.triply.cc) query the endpoint; repeatable.")
def serve(host, port, store_path, graph_file, allow_update, timeout, max_memory, max_rows, workers, io_timeout,
          wait, cors_origins):
    """Serve the graph as a SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Read-only by default; SERVICE and LOAD are always refused. Results come
    as SPARQL JSON, XML, CSV or TSV (Accept header or format=), CONSTRUCT as
    Turtle, N-Triples, JSON-LD or RDF/XML; GET /sparql describes the service.
    Pages from other sites may query only from a --cors-origin. Queries run
    in worker processes under --timeout and --max-memory, so none can take
    the server down. A store is served as it
    is on disk: after `cthr build` or an update the next query sees it.
    """
    from cthr.graph.query import QueryError, load_catalogue
    from cthr.graph.serve import make_server

    if allow_update and graph_file:
        fail("--allow-update needs a --store (updates to a --graph file would be lost)")
    if allow_update and not Path(store_path).is_dir():
        fail(f"no graph store at {store_path}: run `cthr build` first")
    for origin in cors_origins:
        # An origin is compared with the browser's Origin header as a string: it must be spelt as browsers send it.
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?", origin):
            fail(f"--cors-origin {origin[:100]!r}: give scheme://host[:port], with no path or trailing slash")
    graph = open_graph(store_path, graph_file)       # checks (and repairs) the store once, here
    try:
        catalogue = load_catalogue()
    except QueryError as exc:
        fail(str(exc))
    try:
        server = make_server(graph, host, port, allow_update=allow_update, timeout=timeout, max_rows=max_rows,
                             workers=workers, max_memory=max_memory, io_timeout=io_timeout, wait=wait,
                             catalogue=catalogue, cors_origins=tuple(dict.fromkeys(cors_origins)),
                             log=lambda m: err.print(m, style="dim", markup=False, highlight=False))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    del graph
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        err.print(f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this address can query "
                  "the graph" + (" and change it" if allow_update else ""))
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    # One parseable line on stdout: tests and scripts read the port from it.
    click.echo(f"serving http://{shown}:{bound_port}/ (SPARQL endpoint /sparql; "
               f"{'updates allowed' if allow_update else 'read-only'}); Ctrl-C stops", err=False)
    sys.stdout.flush()

    def stop(*_):
        raise KeyboardInterrupt        # SIGTERM ends the server as Ctrl-C does: workers stopped, temp files gone
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.served.close()

# Registered on the `cthr` group by cthr/cli.py.
COMMANDS = [push, serve]
