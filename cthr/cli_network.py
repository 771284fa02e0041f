"""Network analysis commands: co-attendance reports, centrality tables, exports."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from cthr.cli_common import (err, fail, format_option, graph_option, open_graph, out, print_rows, progress_bars,
                             store_option)

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _roles(ctx, param, value):
    if not value:
        return None
    return frozenset(r.strip() for v in value for r in v.split(",") if r.strip())


def filter_options(fn):
    """The options that choose the events and roles of a network."""
    options = [
        click.option("--from", "date_from", type=_DATE, help="Only events ending on or after this day (YYYY-MM-DD)."),
        click.option("--to", "date_to", type=_DATE, help="Only events starting on or before this day (YYYY-MM-DD)."),
        click.option("--place", help="Only events in this place or country (name, case-insensitive)."),
        click.option("--funder", help="Only events funded by this organisation (name, acronym or IRI)."),
        click.option("--event-type", "event_types", multiple=True,
                     help="Only events of this type (workshop, training, capacity-building, seminar, "
                          "conference, meeting, event); repeatable."),
        click.option("--roles", multiple=True, callback=_roles,
                     help="Roles that count as taking part, comma-separated "
                          "[default: all but funder, publisher, other]."),
        click.option("--weighting", type=click.Choice(["count", "newman"]), default="count", show_default=True,
                     help="Tie weight: shared events, or Newman's 1/(k-1) per shared event."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _analyse(store_path, graph_file, date_from, date_to, place, funder, event_types, roles, weighting,
             progress=None):
    from cthr.graph.network import (
        ATTENDING_ROLES,
        NetworkError,
        NetworkFilter,
        analyse,
        load_network_data,
    )

    say = progress or (lambda m: err.print(f"[dim]{m}[/]"))
    graph = open_graph(store_path, graph_file)
    filters = NetworkFilter(start=date_from.date() if date_from else None, end=date_to.date() if date_to else None,
                            place=place, funder=funder, event_types=frozenset(event_types),
                            roles=roles if roles is not None else ATTENDING_ROLES)
    try:
        data = load_network_data(graph, filters, progress=say)
        if not data.events:
            fail("no events match the filters" if filters.describe() else "the graph has no events")
        if not data.attendance:
            fail(f"none of the {len(data.events)} selected event(s) has an attending organisation in these roles")
        return analyse(data, weighting, progress=say)
    except NetworkError as exc:
        fail(str(exc))


@contextmanager
def _progress(quiet: bool = False):
    """progress(message) for a network command: a spinner per phase on a terminal, dim lines when not, or nothing."""
    if quiet:
        yield lambda m: None
        return
    from cthr.graph.progress import phases

    with progress_bars() as stages:
        yield phases(stages, lambda m: err.print(f"[dim]{m}[/]"))


@click.group()
def network():
    """Who meets whom: co-attendance networks of organisations.

    Organisations are linked when they took part in the same event
    (organiser, host, partner, participant, speaker, chair, opener; directly
    or through a person on their behalf). See docs/network.md.
    """


@network.command()
@click.option("-o", "--output", type=click.Path(file_okay=False), default="report", show_default=True,
              help="Folder to write the report into.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Rows per table.")
@store_option
@graph_option
@filter_options
def report(output, top, store_path, graph_file, **filters):
    """Write report.md, report.html, network.png and GraphML/GEXF/CSV exports.

    Every file is replaced atomically; if anything fails the previous
    report stays as it was.
    """
    from cthr.graph.report import check_matplotlib, write_report

    try:
        check_matplotlib()                  # before the analysis: the report is written whole or not at all
    except RuntimeError as exc:
        fail(str(exc))
    with _progress() as say:
        a = _analyse(store_path, graph_file, progress=say, **filters)
        written = write_report(a, output, top, progress=say)
    G = a.projection
    out.print(f"network of {G.number_of_nodes()} organisations, {G.number_of_edges()} ties, "
              f"{len(a.data.events)} event(s)")
    for path in written:
        out.print(f"wrote {path}")


@network.command()
@click.option("--top", type=click.IntRange(0), default=20, show_default=True, help="Rows to show (0 = all).")
@click.option("--sort", "sort_by", type=click.Choice(["degree", "strength", "betweenness", "eigenvector", "pagerank",
                                                       "closeness", "cross_sector_betweenness"]),
              default="betweenness", show_default=True)
@format_option
@store_option
@graph_option
@filter_options
def stats(top, sort_by, fmt, store_path, graph_file, **filters):
    """Print the centrality table of the co-attendance network."""
    with _progress(quiet=fmt != "table") as say:
        a = _analyse(store_path, graph_file, progress=say, **filters)
    rows = sorted(a.node_table(), key=lambda r: (-r[sort_by], r["label"].casefold(), r["id"]))
    rows = rows[:top] if top else rows
    cols = ["short", "sector", "events", "degree", "strength", "betweenness", "eigenvector", "pagerank",
            "closeness", "community_louvain", "sectors_reached", "cross_sector_betweenness"]
    if fmt == "table":
        short = {"short": "organisation", "events": "ev", "degree": "deg", "strength": "str", "betweenness": "betw",
                 "eigenvector": "eigen", "pagerank": "PR", "closeness": "close", "community_louvain": "comm",
                 "sectors_reached": "sect", "cross_sector_betweenness": "x-betw"}
        counts = {"events", "degree", "community_louvain", "sectors_reached"}

        def cell(c, v):
            if c in counts or (c == "strength" and float(v).is_integer()):
                return str(int(v))
            return f"{v:.3f}" if isinstance(v, float) else str(v)

        print_rows([short.get(c, c) for c in cols], [[cell(c, r[c]) for c in cols] for r in rows],
                   title=f"co-attendance centralities ({a.projection.number_of_nodes()} organisations, "
                         f"sorted by {sort_by}; see docs/network.md)")
    else:
        print_rows(["id", "label", *cols], [[r[c] for c in ["id", "label", *cols]] for r in rows], fmt)


@network.command()
@click.argument("view", type=click.Choice(["projection", "bipartite", "funding", "membership"]))
@click.argument("file", type=click.Path(dir_okay=False))
@store_option
@graph_option
@filter_options
def export(view, file, store_path, graph_file, **filters):
    """Write one network VIEW to FILE (.graphml, .gexf, or .csv for its edge list).

    projection: organisation co-attendance; bipartite: organisation-event
    (edge attribute roles); funding: funder-event; membership:
    person-organisation (filters do not apply).
    """
    import csv
    import io

    from cthr.graph.network import membership_network
    from cthr.graph.report import gexf_bytes, graphml_bytes, sanitise
    from cthr.graph.store import atomic_write

    suffix = Path(file).suffix.lower()
    if suffix not in (".graphml", ".gexf", ".csv"):
        fail(f"{file}: unknown export format {suffix or '(none)'}; use .graphml, .gexf or .csv")
    if view == "membership":
        G = membership_network(open_graph(store_path, graph_file))
    else:
        with _progress() as say:
            a = _analyse(store_path, graph_file, progress=say, **filters)
        G = {"projection": a.projection, "bipartite": a.bipartite, "funding": a.funding}[view]
    if suffix == ".graphml":
        data = graphml_bytes(G)
    elif suffix == ".gexf":
        data = gexf_bytes(G)
    else:
        H = sanitise(G)
        keys = sorted({k for *_, d in H.edges(data=True) for k in d})
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["source", "target", *keys])
        w.writerows([u, v, *(d.get(k, "") for k in keys)] for u, v, d in sorted(H.edges(data=True), key=lambda e: (e[0], e[1])))
        data = buf.getvalue().encode("utf-8")
    atomic_write(file, data)
    out.print(f"wrote {file}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({view})")

# Registered on the `cthr` group by cthr/cli.py.
COMMANDS = [network]
