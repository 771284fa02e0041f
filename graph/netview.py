"""The interactive network view of `cthr serve`: /network, its data at /network.json, its assets at /network/NAME.

The page (graph/templates/network.html, .js, .css) draws with sigma.js on
graphology, vendored in graph/static/network/ (see the README there): no
CDN, it works offline. All filtering (dates, sector, funder, role, the time
slider) happens in the browser over one JSON document, so moving a slider
costs no request; that document is computed server-side by the same code
as `cthr network report` (graph/netdata.py, graph/network.py,
graph/centrality.py) and never by SPARQL written in JavaScript.

The document is computed once per served graph, in a worker process (the
server process holds no graph, graph/served.py) under the served time and
memory limits, and cached; an update through the endpoint drops the cache.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
from importlib.resources import files
from types import SimpleNamespace

from .entity import local_path
from .served import HttpError

__all__ = ["respond", "payload", "ASSETS"]

# Files the page may load, by the name it asks for: (folder of cthr.graph, content type).
ASSETS = {"network.js": ("templates", "text/javascript"), "network.css": ("templates", "text/css"),
          "sigma.min.js": ("static/network", "text/javascript"),
          "graphology.umd.min.js": ("static/network", "text/javascript")}
SPRING_MAX = 3000     # nodes of the organisation-event graph laid out by the spring model in the fallback
_lock = threading.Lock()


def respond(served, path: str) -> tuple[bytes, str]:
    """The body and content type of a /network route; 404 for any other name under it."""
    if path == "/network":
        return (files("cthr.graph") / "templates" / "network.html").read_bytes(), "text/html; charset=utf-8"
    if path == "/network.json":
        return _cached(served), "application/json"
    name = path[len("/network/"):]
    if not re.fullmatch(r"[a-z0-9.-]{1,60}", name) or name not in ASSETS:
        raise HttpError(404, f"no network asset {name[:80]!r}; the view is at /network")
    folder, ctype = ASSETS[name]
    return (files("cthr.graph").joinpath(*folder.split("/"), name)).read_bytes(), ctype + "; charset=utf-8"


def _cached(served) -> bytes:
    # One computation per served graph: a second request waits for the first's result.
    with _lock:
        body = getattr(served, "network", None)
        if body is None:
            body = served.call("cthr.graph.netview:payload", served.source, what="network view")
            served.network = body
        return body


def payload(source: tuple) -> bytes:
    """The JSON document of the view for the graph of `source` (run in a worker process)."""
    from .sparql_results import _graph

    return json.dumps(network_document(_graph(source)), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def network_document(graph) -> dict:
    """Events, organisations, attendance in every role, centralities and positions of a GraphStore.

    Centralities are those of the report (graph/centrality.py) on the
    co-attendance projection in the attending roles over the whole graph:
    filters in the page change what is drawn, not the measures.
    """
    from .network import (ALL_ROLES, ATTENDING_ROLES, MEASURES, NetworkData, NetworkFilter, bipartite_network,
                          centralities, co_attendance, load_network_data, sample_size)
    from .report import sector_colour, sector_names

    data = load_network_data(graph, NetworkFilter(roles=frozenset(ALL_ROLES)))
    attending = NetworkData(data.events, data.organisations,
                            [a for a in data.attendance if a.role in ATTENDING_ROLES], data.funders)
    G = co_attendance(attending)
    measures, notes = centralities(G, sample_size(len(G)))
    positions = _positions(bipartite_network(data), co_attendance(data))

    roles: dict[tuple[str, str], set[str]] = {}
    for a in data.attendance:
        roles.setdefault((a.event, a.org), set()).add(a.role)
    orgs = sorted({a.org for a in data.attendance} | {f for fs in data.funders.values() for f in fs})
    sectors = sorted({data.organisations[o].sector for o in orgs if o in data.organisations})
    labels = {s.rsplit("/", 1)[-1]: name for s, name in sector_names().items()}

    def xy(n):
        x, y = positions.get(n, (0.0, 0.0))
        return [round(float(x), 5), round(float(y), 5)]
    return {
        "events": [{"id": e.iri, "label": e.title, "start": e.start.isoformat() if e.start else None,
                    "end": e.end.isoformat() if e.end else None, "type": e.event_type, "place": e.place,
                    "country": e.country, "funders": sorted(data.funders.get(e.iri, ())),
                    "page": local_path(e.iri), "xy": xy(e.iri)} for e in sorted(data.events.values(), key=lambda e: e.iri)],
        "organisations": [{"id": o, "label": data.organisations[o].label, "short": data.organisations[o].short,
                           "sector": data.organisations[o].sector, "page": local_path(o), "xy": xy(o),
                           "measures": {m: measures[m].get(o, 0.0) for m in MEASURES}}
                          for o in orgs if o in data.organisations],
        "attendance": [{"event": e, "org": o, "roles": sorted(r)} for (e, o), r in sorted(roles.items())],
        "sectors": {s: {"label": labels.get(s, s), "colour": sector_colour(s)} for s in sectors},
        "roles": list(ALL_ROLES), "attendingRoles": [r for r in ALL_ROLES if r in ATTENDING_ROLES],
        "measures": list(MEASURES), "notes": notes,
    }


def _positions(B, G) -> dict:
    """One position per node, shared by both views so toggling keeps every organisation in place.

    With few events, the report's two-mode layout (events on a ring in date
    order, each event's attendees around it, the shared ones between);
    otherwise a seeded spring layout of the organisation-event graph, and
    above SPRING_MAX nodes seeded random positions (the view still filters;
    the report's layouts are the place for big graphs).
    """
    import networkx as nx

    from .report import two_mode_layout

    pos = two_mode_layout(SimpleNamespace(bipartite=B, projection=G)) if len(G) else None
    if pos is None:
        if len(B) <= SPRING_MAX:
            pos = nx.spring_layout(B, seed=7, k=1.6 / math.sqrt(max(len(B), 1)), iterations=100) if len(B) else {}
        else:
            rng = random.Random(7)
            pos = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in sorted(B)}
    rng = random.Random(7)
    for n in sorted(B):
        # Nodes left out of the two-mode layout (an event nobody attended): near the middle, seeded.
        pos.setdefault(n, (rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)))
    return pos
