"""The store engine: the same shapes, checked with SPARQL inside pyoxigraph.

pySHACL walks an rdflib copy of the graph in Python (about 10k triples/s
here, plus the N-Triples parse to make the copy), too slow for a graph of a
million triples. This engine reads the shapes file and turns each
constraint into a SPARQL query over the store's default graph (the union of
the named graphs), returning only the offending focus/value pairs; checks
whose meaning is Python's (regular expressions, ill-typed literals, literal
order) run in Python on the values the query returns, with the same code
paths pySHACL uses, converted to rdflib terms. It supports exactly the
SHACL features the shapes file uses (listed in _SUPPORTED); a shapes file
with anything else makes `Unsupported` raise, and callers fall back to
pySHACL. tests/test_build_incremental.py checks both engines give the same
report on graphs that break every shape.
"""

from __future__ import annotations

import re as _re
from collections.abc import Iterable
from functools import lru_cache

from dataclasses import dataclass

import rdflib
from pyoxigraph import BlankNode as _OxBNode
from pyoxigraph import DefaultGraph as _OxDefault
from pyoxigraph import Literal as _OxLiteral
from pyoxigraph import NamedNode as _OxIRI
from pyoxigraph import Store as _OxStore
from pyshacl.rdfutil.compare import compare_literal as _compare_literal
from rdflib.namespace import SH

from .validate import ValidationReport, Violation, shapes_graph, to_rdflib, validate_graph

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SH = str(SH)
# Predicates of the sh: namespace this engine understands on a shape.
_SUPPORTED = {f"{_SH}{n}" for n in (
    "targetClass", "property", "path", "message", "severity", "nodeKind", "pattern", "minCount",
    "maxCount", "datatype", "class", "in", "lessThanOrEquals", "minInclusive", "minExclusive",
    "uniqueLang", "not", "or", "inversePath", "name", "description", "order", "group")}
_CHUNK = 2000     # focus nodes per VALUES block


class Unsupported(Exception):
    """The shapes use a SHACL feature the store engine does not implement."""


def _n3(term) -> str:
    """A pyoxigraph term as SPARQL text (IRIs and literals only)."""
    if isinstance(term, _OxBNode):
        raise Unsupported("blank node in a focus set")
    return str(term)


def _to_rdflib(term):
    """The rdflib term rdflib's N-Triples parser would make of an oxigraph term."""
    if isinstance(term, _OxIRI):
        return rdflib.URIRef(term.value)
    if isinstance(term, _OxBNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if dt == _XSD_STRING else rdflib.URIRef(dt))


@dataclass
class _Shape:
    """One shape whose constraints apply to the focus nodes of a target class."""

    target: str
    path: str | None              # SPARQL path text from ?f to ?v; None: the focus node itself
    path_label: str               # how Violation.path shows it
    message: str
    severity: str
    constraints: list[tuple[str, object]]
    steps: tuple[str, ...] = ()   # predicates of a sequence path, in order


def _single(g: rdflib.Graph, node, pred) -> object | None:
    values = list(g.objects(node, pred))
    if len(values) > 1:
        raise Unsupported(f"{node} has several {pred}")
    return values[0] if values else None


def _path(g: rdflib.Graph, path) -> tuple[str, str]:
    if isinstance(path, rdflib.URIRef):
        return f"<{path}>", str(path)
    inverse = g.value(path, SH.inversePath)
    if isinstance(inverse, rdflib.URIRef):
        return f"^<{inverse}>", f"^{inverse}"
    if g.value(path, rdflib.RDF.first) is not None:
        items = list(rdflib.collection.Collection(g, path))
        if all(isinstance(i, rdflib.URIRef) for i in items):
            return "/".join(f"<{i}>" for i in items), "/".join(str(i) for i in items)
    raise Unsupported(f"path {path}")


def _constraints(g: rdflib.Graph, node) -> list[tuple[str, object]]:
    out = []
    for p, o in sorted(g.predicate_objects(node)):
        name = str(p)[len(_SH):] if str(p).startswith(_SH) else None
        if p == rdflib.RDF.type or name in ("targetClass", "property", "path", "message", "severity",
                                             "name", "description", "order", "group"):
            continue
        if str(p) not in _SUPPORTED:
            raise Unsupported(f"{p} on {node}")
        if name in ("in", "or"):
            items = list(rdflib.collection.Collection(g, o))
            if name == "or":
                classes = []
                for member in items:
                    keys = set(g.predicates(member)) - {rdflib.RDF.type}
                    if keys != {SH["class"]}:
                        raise Unsupported("sh:or members other than sh:class shapes")
                    classes.append(str(g.value(member, SH["class"])))
                out.append(("or", classes))
            else:
                out.append(("in", [rdflib_to_ox(i) for i in items]))
        elif name == "not":
            keys = set(g.predicates(o)) - {rdflib.RDF.type}
            if keys != {SH.pattern}:
                raise Unsupported("sh:not of anything but one sh:pattern")
            out.append(("not", _re.compile(str(g.value(o, SH.pattern)))))
        elif name == "pattern":
            if g.value(node, SH.flags) is not None:
                raise Unsupported("sh:flags")
            out.append(("pattern", _re.compile(str(o))))
        elif name == "nodeKind":
            if o != SH.IRI:
                raise Unsupported(f"sh:nodeKind {o}")
            out.append(("nodeKind", None))
        elif name in ("minCount", "maxCount"):
            out.append((name, int(o)))
        elif name == "uniqueLang":
            if o.value is True:
                out.append((name, None))
        elif name in ("class", "datatype", "lessThanOrEquals"):
            out.append((name, str(o)))
        else:                                        # minInclusive, minExclusive
            out.append((name, o))
    return out


def rdflib_to_ox(term):
    if isinstance(term, rdflib.URIRef):
        return _OxIRI(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return _OxLiteral(str(term), language=term.language)
        return _OxLiteral(str(term), datatype=_OxIRI(str(term.datatype or _XSD_STRING)))
    raise Unsupported(f"{term!r} in sh:in")


def _messages(g, node) -> str:
    messages = list(g.objects(node, SH.message))
    if len(messages) != 1:
        # pySHACL would write its own generic text: not reproduced here.
        raise Unsupported(f"{node} needs exactly one sh:message")
    return str(messages[0])


def _severity(g, node) -> str:
    sev = g.value(node, SH.severity) or SH.Violation
    if sev not in (SH.Violation, SH.Warning):
        raise Unsupported(f"severity {sev}")
    return str(sev).rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def store_shapes() -> tuple[_Shape, ...]:
    """The shapes file compiled for the store engine (raises Unsupported)."""
    g = shapes_graph()
    shapes: list[_Shape] = []
    for node in sorted(set(g.subjects(SH.targetClass, None))):
        for target in sorted(g.objects(node, SH.targetClass)):
            extra = set(g.predicates(node)) & {SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                                                SH.target, SH.deactivated, SH.closed, SH.sparql}
            if extra:
                raise Unsupported(f"{sorted(extra)} on {node}")
            own = _constraints(g, node)
            if own:
                shapes.append(_Shape(str(target), None, "", _messages(g, node), _severity(g, node), own))
            for prop in sorted(g.objects(node, SH.property)):
                if set(g.predicates(prop)) & {SH.deactivated, SH.qualifiedValueShape, SH.node}:
                    raise Unsupported(f"feature on {prop}")
                path_node = g.value(prop, SH.path)
                path, label = _path(g, path_node)
                steps = ()
                if isinstance(path_node, rdflib.BNode) and g.value(path_node, rdflib.RDF.first) is not None:
                    steps = tuple(str(i) for i in rdflib.collection.Collection(g, path_node))
                shapes.append(_Shape(str(target), path, label, _messages(g, prop), _severity(g, prop),
                                     _constraints(g, prop), steps))
    return tuple(shapes)


def SEQUENCE_STEPS() -> tuple[set[str], set[str]]:
    """(first steps, second steps) of the shapes' two-step sequence paths (for incremental checks)."""
    first, later = set(), set()
    for shape in store_shapes():
        steps = shape.steps
        if steps:
            if len(steps) != 2:
                raise Unsupported("sequence paths longer than two steps")
            first.add(steps[0])
            later.add(steps[1])
    return first, later


def _datatype_ok(value, datatype: str) -> bool:
    """pySHACL's DatatypeConstraintComponent, for one value node (rdflib term)."""
    if not isinstance(value, rdflib.Literal):
        return False
    dt = rdflib.URIRef(datatype)
    if value.datatype == dt:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _python_type_ok(value.value, datatype)
    if value.datatype is None and value.language is None and datatype == _XSD_STRING:
        return isinstance(value.value, (str, bytes))
    if datatype == _LANGSTRING and value.language:
        return isinstance(value.value, (str, bytes))
    return False


def _python_type_ok(value, datatype: str) -> bool:
    from datetime import date as _date, datetime as _datetime, time as _time
    from decimal import Decimal

    X = "http://www.w3.org/2001/XMLSchema#"
    expected = {X + "string": (str, bytes), _LANGSTRING: (str, bytes), X + "integer": int, X + "float": float,
                X + "decimal": Decimal, X + "boolean": bool, X + "date": _date, X + "time": _time,
                X + "dateTime": _datetime}.get(datatype)
    return True if expected is None else isinstance(value, expected)


def _pattern_ok(value, rx) -> bool:
    if isinstance(value, rdflib.BNode):
        return False
    text = str(value)
    return bool(rx.match(text) or rx.search(text))


def _ltoe_ok(v, w) -> bool:
    """pySHACL's sh:lessThanOrEquals test for one value/compare pair (rdflib terms)."""
    v_str, w_str = v, w
    v_is_s = w_is_s = False
    if isinstance(v, rdflib.URIRef):
        v_str, v_is_s = str(v), True
    elif isinstance(v, rdflib.Literal) and isinstance(v.value, str):
        v_str, v_is_s = v.value, True
    if isinstance(w, rdflib.URIRef):
        w_str, w_is_s = str(w), True
    elif isinstance(w, rdflib.Literal) and isinstance(w.value, str):
        w_str, w_is_s = w.value, True
    if v_is_s != w_is_s:
        return False
    return bool(v_str <= w_str)


def _min_ok(v, bound, inclusive: bool) -> bool:
    """pySHACL's sh:minInclusive / sh:minExclusive test for one value (rdflib term)."""
    if not isinstance(v, rdflib.Literal):
        return False
    v_s, b_s = isinstance(v.value, str), isinstance(bound.value, str)
    if v_s != b_s:
        return False
    try:
        cmp = _compare_literal(v, bound)
    except (TypeError, NotImplementedError):
        return False
    return cmp >= 0 if inclusive else cmp > 0


class StoreValidator:
    """Checks the shapes on a pyoxigraph store's default graph (the union of its sources)."""

    def __init__(self, store: _OxStore):
        self.store = store
        self.shapes = store_shapes()
        # SHACL instances are rdf:type/rdfs:subClassOf*; with no subClassOf
        # triples in the data (the build writes none) that is plain rdf:type,
        # which oxigraph evaluates far faster than the path.
        has_sub = bool(store.query(f"ASK {{ ?a <{_SUBCLASS}> ?b }}"))
        self.instance_of = f"<{_RDF_TYPE}>/<{_SUBCLASS}>*" if has_sub else f"<{_RDF_TYPE}>"
        self._has_sub = has_sub
        self._sizes: dict[str, int] = {}

    def _size(self, var: str, pattern: str) -> int:
        """How many distinct `var` match `pattern` (one index range, counted inside oxigraph; cached)."""
        key = (var, pattern)
        n = self._sizes.get(key)
        if n is None:
            n = self._sizes[key] = int(next(iter(self.store.query(
                f"SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {pattern} }}")))["n"].value)
        return n

    def _scan(self, shape: _Shape) -> bool:
        """Whether a whole-graph check of `shape` joins whole scans (hash joins) rather than looking
        each focus node up. A scan reads every node the path starts from, of any class; a lookup
        costs about ten times a scanned triple (1M and 100k stores alike): so scans when the path
        starts from at most 4 nodes per focus node, or 12 when a class is checked on every value
        (the lookup form checks each value's type one by one as well). Either form gives the same rows."""
        if self._has_sub or not shape.path:
            return False
        if shape.steps:
            start = ("?s", f"?s <{shape.steps[0]}> ?o")
        elif shape.path.startswith("^"):
            start = ("?o", f"?s <{shape.path[1:].strip('<>')}> ?o")
        else:
            start = ("?s", f"?s <{shape.path.strip('<>')}> ?o")
        kinds = {kind for kind, _ in shape.constraints}
        per_focus = 12 if kinds & {"class", "or"} else 4
        return self._size(*start) <= per_focus * self._size("?s", f"?s <{_RDF_TYPE}> <{shape.target}>")

    def _rows(self, sparql: str):
        return self.store.query(sparql)

    def _focus(self, shape: _Shape, chunk: list | None) -> str:
        values = f"VALUES ?f {{ {' '.join(_n3(t) for t in chunk)} }}\n" if chunk is not None else ""
        return f"{values}?f {self.instance_of} <{shape.target}> ."

    def _value(self, shape: _Shape, whole: bool) -> str:
        """The pattern from ?f to its values ?v. For the whole graph, each step is a sub-select of its
        own: oxigraph then joins whole scans by hashing instead of one index lookup per focus node
        (lookups grow faster than the store: at 1M triples they made each query 15-20x its 100k cost)."""
        if not shape.path:
            return "BIND (?f AS ?v)"
        if not whole:
            return f"?f {shape.path} ?v ."
        if len(shape.steps) > 1:
            names = ["?f", *(f"?_m{i}" for i in range(len(shape.steps) - 1)), "?v"]
            parts = " ".join(f"{{ SELECT {a} {b} WHERE {{ {a} <{p}> {b} }} }}"
                             for a, b, p in zip(names, names[1:], shape.steps))
            return f"{{ SELECT ?f ?v WHERE {{ {parts} }} }}"
        return f"{{ SELECT ?f ?v WHERE {{ ?f {shape.path} ?v }} }}"

    def _not_instance(self, var: str, cls: str, whole: bool) -> str:
        """Keep the rows whose `var` is not an instance of `cls` (MINUS: one scan of the class, for
        the whole graph; else one lookup per row). `var` is bound in every row, so both mean the same."""
        if whole:
            return f"MINUS {{ {var} {self.instance_of} <{cls}> }}"
        return f"FILTER NOT EXISTS {{ {var} {self.instance_of} <{cls}> }}"

    def _results(self, shape: _Shape, chunk: list | None) -> list[Violation]:
        out: list[Violation] = []
        whole = chunk is None and self._scan(shape)
        focus = self._focus(shape, chunk)
        if whole:
            focus = f"{{ SELECT ?f WHERE {{ {focus} }} }}"
        value = self._value(shape, whole)

        def add(f, v=None):
            out.append(Violation(shape.severity, f.value if not isinstance(f, _OxBNode) else "(path)",
                                 shape.path_label, shape.message,
                                 None if v is None else ("(path)" if isinstance(v, _OxBNode) else v.value)))

        def pairs(extra: str = ""):
            return self._rows(f"SELECT DISTINCT ?f ?v WHERE {{ {focus} {value} {extra} }}")

        counts = dict(c for c in shape.constraints if c[0] in ("minCount", "maxCount"))
        if whole and counts == {"minCount": 1}:
            # "At least one value" alone: the focus nodes without any (no count of every node's values).
            for r in self._rows(f"SELECT ?f WHERE {{ {focus} MINUS {{ {value} }} }}"):
                add(r["f"])
        elif counts:
            # sh:minCount and sh:maxCount of one shape in one grouped query.
            low, high = counts.get("minCount"), counts.get("maxCount")
            tests = [f"?n < {low}"] if low is not None else []
            tests += [f"?n > {high}"] if high is not None else []
            q = (f"SELECT ?f ?n WHERE {{ {{ SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                 f"OPTIONAL {{ {value} }} }} GROUP BY ?f }} FILTER ({' || '.join(tests)}) }}")
            for r in self._rows(q):
                n = int(r["n"].value)
                if low is not None and n < low:
                    add(r["f"])
                if high is not None and n > high:
                    add(r["f"])
        for kind, arg in shape.constraints:
            if kind in ("minCount", "maxCount"):
                continue
            elif kind == "class":
                for r in pairs(self._not_instance("?v", arg, whole)):
                    add(r["f"], r["v"])
            elif kind == "or":
                tests = " ".join(self._not_instance("?v", c, whole) for c in arg)
                for r in pairs(tests):
                    add(r["f"], r["v"])
            elif kind == "in":
                allowed = " || ".join(f"sameTerm(?v, {_n3(t)})" for t in arg) or "false"
                for r in pairs(f"FILTER (!({allowed}))"):
                    add(r["f"], r["v"])
            elif kind == "nodeKind":
                for r in pairs("FILTER (!isIRI(?v))"):
                    add(r["f"], r["v"])
            elif kind == "datatype":
                # Wrong kind or datatype: decided in SPARQL. Right datatype but maybe
                # ill-typed ("2024-13-01"^^xsd:date): decided by rdflib, as pySHACL does.
                if arg == _LANGSTRING:
                    test = 'FILTER (!(isLiteral(?v) && LANG(?v) != ""))'
                else:
                    test = f"FILTER (!isLiteral(?v) || LANG(?v) != \"\" || DATATYPE(?v) != <{arg}>)"
                for r in pairs(test):
                    add(r["f"], r["v"])
                if arg not in (_LANGSTRING, _XSD_STRING):
                    cache: dict = {}
                    for r in pairs(f"FILTER (isLiteral(?v) && LANG(?v) = \"\" && DATATYPE(?v) = <{arg}>)"):
                        v = r["v"]
                        ok = cache.get(v.value)
                        if ok is None:
                            ok = cache[v.value] = _datatype_ok(_to_rdflib(v), arg)
                        if not ok:
                            add(r["f"], v)
            elif kind in ("pattern", "not"):
                seen: dict = {}          # each distinct value converted and tested once
                for r in pairs():
                    v = r["v"]
                    matched = seen.get(v)
                    if matched is None:
                        matched = seen[v] = _pattern_ok(_to_rdflib(v), arg)
                    if matched != (kind == "pattern"):
                        add(r["f"], v)
            elif kind in ("minInclusive", "minExclusive"):
                seen = {}
                for r in pairs():
                    v = r["v"]
                    ok = seen.get(v)
                    if ok is None:
                        ok = seen[v] = _min_ok(_to_rdflib(v), arg, kind == "minInclusive")
                    if not ok:
                        add(r["f"], v)
            elif kind == "lessThanOrEquals":
                other = f"{{ SELECT ?f ?w WHERE {{ ?f <{arg}> ?w }} }}" if whole else f"?f <{arg}> ?w ."
                q = f"SELECT DISTINCT ?f ?v ?w WHERE {{ {focus} {value} {other} }}"
                seen = {}
                for r in self._rows(q):
                    v, w = r["v"], r["w"]
                    if isinstance(v, _OxBNode) or isinstance(w, _OxBNode):
                        raise Unsupported("sh:lessThanOrEquals on a blank node")
                    ok = seen.get((v, w))
                    if ok is None:
                        ok = seen[(v, w)] = _ltoe_ok(_to_rdflib(v), _to_rdflib(w))
                    if not ok:
                        add(r["f"], v)
            elif kind == "uniqueLang":
                q = (f"SELECT ?f WHERE {{ {focus} {value} FILTER (isLiteral(?v) && LANG(?v) != \"\") }} "
                     f"GROUP BY ?f (LCASE(LANG(?v))) HAVING (COUNT(DISTINCT ?v) > 1)")
                for r in self._rows(q):
                    add(r["f"])
            else:                                    # pragma: no cover - _constraints refuses it
                raise Unsupported(kind)
        return out

    def validate(self, focus: Iterable | None = None, *, only_severity: str | None = None,
                 skip_severity: str | None = None) -> list[Violation]:
        """Results for all focus nodes, or only for those in `focus` (pyoxigraph terms)."""
        results: list[Violation] = []
        chunks: list = [None]
        if focus is not None:
            nodes = sorted(set(focus), key=str)
            chunks = [nodes[i:i + _CHUNK] for i in range(0, len(nodes), _CHUNK)]
        for shape in self.shapes:
            if only_severity and shape.severity != only_severity:
                continue
            if skip_severity and shape.severity == skip_severity:
                continue
            for chunk in chunks:
                results.extend(self._results(shape, chunk))
        return results


def _report(results: list[Violation]) -> ValidationReport:
    results.sort(key=lambda r: (r.severity, r.message, r.focus, r.path, r.value or ""))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results), results=results)


def validate_store_graph(store: _OxStore, focus: Iterable | None = None) -> ValidationReport:
    """Validate a store's default graph (the union of its named graphs) against the shapes.

    With `focus`, only those nodes are checked for Violation-severity shapes;
    warning shapes are still checked on every node, so when the rest of the
    store was valid before, the report equals that of a full validation.
    Falls back to pySHACL (on a copy of the whole graph) if the shapes use a
    feature the store engine does not implement.
    """
    try:
        validator = StoreValidator(store)
    except Unsupported:
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, _OxDefault()))
        return validate_graph(to_rdflib(triples))
    if focus is None:
        return _report(validator.validate())
    results = validator.validate(focus, only_severity="Violation")
    results += validator.validate(skip_severity="Violation")
    return _report(results)

