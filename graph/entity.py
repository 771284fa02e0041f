"""Entity pages: every instance IRI https://w3id.org/cthr/id/KIND/LOCAL opens locally at /id/KIND/LOCAL.

A page is HTML for a browser (names, sector, every statement, the events
the entity took part in and in which role, its co-attendees, people and
posts, fundings, and each fact's evidence: source, quote, character span,
record line) and the entity's triples as Turtle, JSON-LD, N-Triples or
RDF/XML for anything that asks for RDF (graph/conneg.py).

The queries are data (graph/entity-queries/*.rq), with ?entity bound to the
page's IRI by graph.query.inline_bindings; they run in the server's worker
processes under the same time, memory and row limits as any query
(graph/served.py). Every value written into the page is HTML-escaped, and
only http(s) URLs become links.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from functools import lru_cache
from html import escape
from importlib.resources import files
from string import Template

from pyoxigraph import NamedNode, Variable

from .conneg import GRAPH_PARAM, GRAPH_TYPES, JSON_TYPE, NotAcceptable, negotiate
from .query import inline_bindings
from .served import HttpError
from .vocab import PREFIXES

__all__ = ["ID_NS", "entity_iri", "local_path", "respond", "PAGE_TYPES"]

ID_NS = "https://w3id.org/cthr/id/"
# KIND is a path segment such as org, event, person; LOCAL a hash or a source's name.
_PATH = re.compile(r"/id/([a-z][a-z0-9-]{0,40})/([A-Za-z0-9][A-Za-z0-9._~-]{0,200})")
PAGE_TYPES = {"text/html": None, **GRAPH_TYPES}
_PAGE_PARAM = {**GRAPH_PARAM, "html": "text/html"}
_CTHR = "https://w3id.org/cthr/ontology#"
_NAME_PROPS = [_CTHR + "displayName", "http://www.w3.org/2004/02/skos/core#prefLabel",
               "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"]
_EVIDENCE = ("source", "title", "url", "quote", "start", "end", "line", "method", "file", "fileLine")


def entity_iri(path: str) -> str | None:
    """The instance IRI a local path /id/KIND/LOCAL stands for, or None."""
    match = _PATH.fullmatch(path)
    return ID_NS + match[1] + "/" + match[2] if match else None


def local_path(iri: str) -> str | None:
    """The local page of an instance IRI, or None for any other IRI."""
    return "/id/" + iri[len(ID_NS):] if iri.startswith(ID_NS) and entity_iri("/id/" + iri[len(ID_NS):]) else None


@lru_cache(maxsize=None)
def _query(name: str) -> str:
    return (files("cthr.graph") / "entity-queries" / f"{name}.rq").read_text(encoding="utf-8")


def _bound(name: str, iri: str) -> str:
    return inline_bindings(_query(name), {Variable("entity"): NamedNode(iri)})


def _rows(served, name: str, iri: str) -> tuple[list[dict], bool]:
    """The SPARQL JSON bindings of entity query `name` for `iri`, and whether the row cap cut them."""
    body, truncated = served.evaluate(_bound(name, iri), "SELECT", [], [], JSON_TYPE)
    return json.loads(body)["results"]["bindings"], truncated


def respond(served, path: str, accept: str | None, fmt: str | None) -> tuple[bytes, str]:
    """The entity page at `path` in the negotiated media type: (body, media type); 404 if unknown."""
    iri = entity_iri(path)
    if iri is None:
        raise HttpError(404, f"no entity page at {path[:200]}; pages are /id/KIND/LOCAL")
    try:
        media = negotiate(PAGE_TYPES, accept, fmt, _PAGE_PARAM)
    except NotAcceptable as exc:
        raise HttpError(406, str(exc)) from None
    statements, cut = _rows(served, "statements", iri)
    if not statements:
        raise HttpError(404, f"nothing is known about {iri}")
    if media != "text/html":
        body, _ = served.evaluate(_bound("describe", iri), "CONSTRUCT", [], [], media)
        return body, media
    sections = {name: _rows(served, name, iri) for name in ("evidence", "events", "coattendees", "people", "fundings")}
    return _page(iri, path, statements, cut, sections).encode("utf-8"), media


# ------------------------------------------------------------------ HTML
def _compact(iri: str) -> str:
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns) and len(iri) > len(ns)), key=len, default=None)
    if best is None:
        return iri
    return next(p for p, ns in PREFIXES.items() if ns == best) + ":" + iri[len(best):]


def _value(cell: dict | None) -> str:
    return cell["value"] if cell else ""


def _link(cell: dict | None, name: dict | None = None) -> str:
    """A term as HTML: an instance IRI links to its page, under its name when there is one."""
    if not cell:
        return ""
    if cell["type"] == "uri":
        text = escape(_value(name) or _compact(cell["value"]))
        page = local_path(cell["value"])
        if page:
            return f'<a href="{escape(page)}" title="{escape(cell["value"])}">{text}</a>'
        return f'<span class="iri" title="{escape(cell["value"])}">{text}</span>'
    if cell["type"] == "bnode":
        return escape("_:" + cell["value"])
    lang = cell.get("xml:lang")
    return escape(cell["value"]) + (f' <small class="lang">@{escape(lang)}</small>' if lang else "")


_WEB = re.compile(r"https?://", re.I)


def _external(url: str, text: str) -> str:
    # Only web URLs become links: a javascript: or data: URL in the data must stay text.
    if _WEB.match(url):
        return f'<a href="{escape(url)}" rel="noreferrer noopener">{escape(text)}</a>'
    return escape(text)


def _evidence(row: dict) -> str:
    """One piece of evidence: its source (page and original), the quote and span, or the line."""
    if not row.get("source"):
        return ""
    source = _link(row["source"], row.get("title"))
    parts = [source]
    if row.get("url") and _WEB.match(row["url"]["value"]):
        parts.append("(" + _external(row["url"]["value"], "original") + ")")
    if row.get("quote"):
        parts.append(f'<q>{escape(row["quote"]["value"])}</q>')
    if row.get("start") and row.get("end"):
        parts.append(f'<span class="span">characters {escape(row["start"]["value"])}–{escape(row["end"]["value"])}</span>')
    if row.get("line"):
        parts.append(f'<span class="span">record line {escape(row["line"]["value"])}</span>')
    if row.get("file"):
        where = row["file"]["value"] + (f', line {row["fileLine"]["value"]}' if row.get("fileLine") else "")
        parts.append(f'<span class="span">{escape(where)}</span>')
    if row.get("method"):
        parts.append(f'<span class="method">{escape(row["method"]["value"])}</span>')
    return " ".join(parts)


def _grouped(rows: list[dict], columns: list[str]) -> "OrderedDict[tuple, list[str]]":
    """Rows merged by their fact columns, each fact with its list of evidence (in order, no repeats)."""
    facts: OrderedDict[tuple, list[str]] = OrderedDict()
    for row in rows:
        key = tuple(json.dumps(row.get(c), sort_keys=True) for c in columns)
        found = facts.setdefault(key, [])
        ev = _evidence(row)
        if ev and ev not in found:
            found.append(ev)
    return facts


def _table(headers: list[str], body_rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body_rows)
    return f'<table class="entity"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _evidence_list(items: list[str]) -> str:
    return "<ul class=\"evidence\">" + "".join(f"<li>{e}</li>" for e in items) + "</ul>" if items else ""


def _section(title: str, rows_cut: tuple[list[dict], bool], columns: list[tuple[str, str, str | None]],
             evidence: bool = True) -> str:
    """A table section: columns are (heading, variable, variable of its display name)."""
    rows, cut = rows_cut
    if not rows:
        return ""
    facts = _grouped(rows, [c[1] for c in columns] + [c[2] for c in columns if c[2]])
    body = []
    for key, ev in facts.items():
        cells = dict(zip([c[1] for c in columns] + [c[2] for c in columns if c[2]], (json.loads(k) for k in key)))
        body.append([_link(cells[var], cells.get(name) if name else None) for _, var, name in columns]
                    + ([_evidence_list(ev)] if evidence else []))
    note = '<p class="note">Cut at the server\'s row cap: query /sparql for all.</p>' if cut else ""
    return (f"<section><h2>{escape(title)} <small>({len(facts)})</small></h2>{note}"
            + _table([c[0] for c in columns] + (["Evidence"] if evidence else []), body) + "</section>")


def _page(iri: str, path: str, statements: list[dict], cut: bool, sections: dict) -> str:
    by_prop: OrderedDict[str, list[str]] = OrderedDict()
    for row in statements:
        by_prop.setdefault(row["p"]["value"], []).append(_link(row["o"], row.get("oName")))
    named = sorted((_NAME_PROPS.index(r["p"]["value"]), k) for k, r in enumerate(statements)
                   if r["p"]["value"] in _NAME_PROPS)          # the display name first
    names = list(dict.fromkeys(_value(statements[k]["o"]) for _, k in named))
    title = names[0] if names else _compact(iri)
    summary = [("Names", "; ".join(escape(n) for n in names))]
    for label, prop in (("Type", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ("Sector", _CTHR + "sector")):
        if prop in by_prop:
            summary.append((label, ", ".join(by_prop[prop])))
    facts = "".join(f"<tr><th>{escape(_compact(p))}</th><td>{'<br>'.join(v)}</td></tr>" for p, v in by_prop.items())
    parts = [
        "<dl class=\"summary\">" + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in summary if v) + "</dl>",
        _own_evidence(sections["evidence"]),
        _section("Events and roles", sections["events"],
                 [("Event", "event", "eventName"), ("Date", "date", None), ("Agent", "agent", "agentName"),
                  ("Role", "roleName", None), ("On behalf of", "for", "forName")]),
        _section("Co-attendees", sections["coattendees"],
                 [("Agent", "other", "otherName"), ("Shared events", "shared", None), ("Events", "events", None)],
                 evidence=False),
        _section("People and posts", sections["people"],
                 [("Person", "person", "personName"), ("Organisation", "org", "orgName"), ("Post", "post", None),
                  ("Job title", "jobTitle", None), ("Attested on", "attestedOn", None)]),
        _section("Fundings", sections["fundings"],
                 [("Funder", "funder", "funderName"), ("Funded", "item", "itemName"), ("Amount", "amount", None),
                  ("Currency", "currency", None)]),
        "<section><h2>All statements</h2>"
        + ('<p class="note">Cut at the server\'s row cap.</p>' if cut else "")
        + f'<table class="entity facts"><tbody>{facts}</tbody></table></section>',
    ]
    template = Template((files("cthr.graph") / "templates" / "entity.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(title), iri=escape(iri), path=escape(path), body="\n".join(p for p in parts if p))


def _own_evidence(rows_cut: tuple[list[dict], bool]) -> str:
    rows, _ = rows_cut
    items = list(dict.fromkeys(e for e in map(_evidence, rows) if e))
    return f"<section><h2>Where it is named</h2>{_evidence_list(items)}</section>" if items else ""
