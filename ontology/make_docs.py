"""Generate the ontology's HTML documentation, docs/ontology/index.html, with pyLODE.

    pip install -e '.[docs]'
    python ontology/make_docs.py            # (re)write docs/ontology/index.html
    python ontology/make_docs.py --check    # exit 1 if the committed page is stale

Only cthr.ttl is documented: the SKOS concept schemes in concepts.ttl are data,
and pyLODE would take a skos:ConceptScheme for the document's subject.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from html import escape
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE / "cthr.ttl"
OUTPUT = HERE.parent / "docs" / "ontology" / "index.html"
# rdflib names a parsed blank node n<32 hex digits>b<k>, new on every parse.
_BNODE_ID = re.compile(r"\bn[0-9a-f]{32}b\d+\b")
# One class of an owl:unionOf / owl:intersectionOf as pyLODE prints it, and
# the joining word between two of them.
_SET_ITEM = r'<span>\s*<a href="[^"]*">[^<]*</a>\s*<sup[^>]*>[^<]*</sup>\s*</span>'
_SET_JOIN = r'\s*<span class="cardinality">(?:or|and)</span>\s*'
_SET_CLASS = re.compile(rf"{_SET_ITEM}(?:{_SET_JOIN}{_SET_ITEM})+")
# The start of one <div><dt><a href=PROP> entry of pyLODE's metadata list.
_METADATA_ROW = r'(<div>)\s*<dt>\s*<a class="hover_property" href="{prop}"'


def render(ontology: Path = ONTOLOGY) -> str:
    """The documentation page of one ontology file, the same bytes on every run."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    except ImportError:
        raise SystemExit("make_docs: pyLODE is not installed; run: pip install -e '.[docs]'") from None
    finally:
        # pyLODE's import calls logging.basicConfig(level=DEBUG) on the root
        # logger, which would print its and asyncio's debug lines; undo it.
        root.setLevel(level)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
    graph = rdflib.Graph().parse(ontology, format="turtle")
    # pyLODE prints an anonymous property such as [ owl:inverseOf cthr:funder ]
    # (in cthr:Funder's definition) as its random blank node id, linked to
    # nowhere. Name it instead, so the page reads well and does not change
    # from one run to the next.
    names = {}
    for bnode, prop in graph.subject_objects(OWL.inverseOf):
        if isinstance(bnode, rdflib.BNode):
            label = graph.value(prop, RDFS.label) or prop.n3(graph.namespace_manager)
            anchor = f'<a href="{prop}">{label}</a>'
            names[str(bnode)] = f"inverse of {anchor}"
    html = OntPub(ontology=graph).make_html()
    for bnode, text in names.items():
        html = html.replace(f'<a href="{bnode}">{bnode}</a>', text)
    html = _SET_CLASS.sub(_sorted_set_class, html)
    html = _add_citation(html, graph)
    left = sorted(set(_BNODE_ID.findall(html)))
    if left:
        raise SystemExit(f"make_docs: blank nodes {left} would make the page differ on every run; "
                         "name them in render()")
    return html


def _sorted_set_class(match: re.Match) -> str:
    """pyLODE collects the members of a union (cthr:fundedItem's range) in a set of
    HTML elements, so their order changes from run to run; sort them by name."""
    text = match.group(0)
    items = re.findall(_SET_ITEM, text)
    joins = re.findall(_SET_JOIN, text)
    ordered = sorted(items, key=lambda item: re.search(r">([^<]*)</a>", item).group(1))
    return ordered[0] + "".join(j + i for j, i in zip(joins, ordered[1:]))


def _add_citation(html: str, graph: rdflib.Graph) -> str:
    """Show dcterms:bibliographicCitation in the metadata list, which pyLODE 3.3 leaves out."""
    citations = [str(c) for o in graph.subjects(RDF.type, OWL.Ontology)
                 for c in graph.objects(o, DCTERMS.bibliographicCitation)]
    if not citations:
        return html
    description = _METADATA_ROW.format(prop=re.escape(str(DCTERMS.description)))
    match = re.search(description, html)
    if match is None:
        raise SystemExit("make_docs: no Description entry in pyLODE's metadata list to put the citation before")
    items = "".join(f"<p>{escape(c)}</p>" for c in citations)
    row = (f'<div>\n<dt>\n<a class="hover_property" href="{DCTERMS.bibliographicCitation}" '
           f'title="A bibliographic reference for the resource. Defined in DCMI Metadata Terms">Citation</a>\n'
           f"</dt>\n<dd>{items}</dd>\n</div>\n")
    return html[:match.start(1)] + row + html[match.start(1):]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed page instead of writing it")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    html = render()
    try:
        shown = args.output.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.output
    if args.check:
        if not args.output.exists() or args.output.read_text(encoding="utf-8") != html:
            print(f"{shown} is stale: run python ontology/make_docs.py", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(html, encoding="utf-8")
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
