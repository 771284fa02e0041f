"""The build rules re-derived for just the nodes a change can reach.

A full refresh (GraphStore.refresh_inferences) evaluates every rule over the
whole graph. After a change to a few source graphs, the derived triples that
can differ are those whose subject is the *focus* of some rule solution that
uses a changed triple. Each rule (a CONSTRUCT in graph/rules/) is read once
with rdflib's SPARQL parser into its triple patterns, and:

1. for a changed triple matching a body pattern, the subjects it can reach
   are found by walking from that pattern to the template's subject
   variable along other body patterns of the same or an enclosing group
   (a sub-pattern of the body, so a superset of the real solutions), in the
   store before and after the change;
2. every rule is evaluated again with `VALUES ?subject { ... }` over those
   nodes (at the rule's `# FOCUS` line, or at the top of its WHERE), and the
   inferred graph's triples about them are replaced by the result.

This is exact when no rule reads what a rule writes (checked: otherwise
the caller refreshes in full) and each template subject is bound in every
solution where the VALUES goes. Anything the analysis cannot follow (named
graph patterns, property paths, a BIND-only subject) makes `plan()` return
None, and the build refreshes in full. tests/test_build_incremental.py
compares the result with a fresh build.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

__all__ = ["Rules", "load_rules", "MAX_FOCUS"]

# Past this many focus nodes a full refresh is cheaper than VALUES lists.
MAX_FOCUS = 20_000
_CHUNK = 1_000
_FOCUS_LINE = re.compile(r"^[ \t]*#[ \t]*FOCUS[ \t]*$", re.M)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Unsupported(Exception):
    """A rule the incremental analysis cannot follow."""


@dataclass(frozen=True)
class _Pattern:
    s: object      # a variable name (str) or a pyoxigraph term
    p: object
    o: object
    scope: tuple   # the groups it sits in: ("opt", n), ("union", n, side), ("exists", n), ("sub", n)...


@dataclass
class _Rule:
    name: str
    text: str
    subjects: tuple[str, ...]             # template subject variables
    patterns: list[_Pattern]
    writes: set | None                    # predicates the template can write; None: any
    types: set | None                     # classes it can give with rdf:type; None: any
    marked: bool                          # `# FOCUS` lines say where the VALUES goes
    projected: dict = field(default_factory=dict)   # sub-select scope element -> its projected variables


def _term(t):
    from rdflib import BNode, URIRef, Variable
    from rdflib import Literal as RLiteral

    if isinstance(t, Variable):
        return str(t)
    if isinstance(t, URIRef):
        return NamedNode(str(t))
    if isinstance(t, RLiteral):
        if t.language:
            return Literal(str(t), language=t.language)
        return Literal(str(t), datatype=NamedNode(str(t.datatype))) if t.datatype else Literal(str(t))
    if isinstance(t, BNode):
        raise Unsupported("a blank node in a rule")
    raise Unsupported(f"a property path or unknown term {t!r}")


class _Walker:
    def __init__(self):
        self.patterns: list[_Pattern] = []
        self.values: dict[str, set] = {}
        self.n = 0
        self.subs: list[tuple[tuple, set]] = []   # (scope of a sub-select, its projected variables)

    def scope(self, scope, *kind):
        self.n += 1
        return scope + ((*kind[:1], self.n, *kind[1:]),)

    def walk(self, node, scope, top=False):
        from rdflib.plugins.sparql.parserutils import CompValue

        if isinstance(node, (list, tuple)):
            for item in node:
                self.walk(item, scope)
            return
        if isinstance(node, dict) and not isinstance(node, CompValue):
            for value in node.values():
                self.walk(value, scope)
            return
        if not isinstance(node, CompValue):
            return
        name = node.name
        if name == "BGP":
            for s, p, o in node["triples"]:
                self.patterns.append(_Pattern(_term(s), _term(p), _term(o), scope))
        elif name == "LeftJoin":
            self.walk(node["p1"], scope)
            inner = self.scope(scope, "opt")
            self.walk(node["p2"], inner)
            self.walk(node.get("expr"), inner)
        elif name == "Union":
            self.walk(node["p1"], self.scope(scope, "union", 1))
            self.walk(node["p2"], self.scope(scope, "union", 2))
        elif name == "Minus":
            self.walk(node["p1"], scope)
            self.walk(node["p2"], self.scope(scope, "minus"))
        elif name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            self.walk(node["graph"], self.scope(scope, "exists"))
        elif name in ("Graph", "ServiceGraphPattern", "Service", "GraphGraphPattern"):
            raise Unsupported(f"{name} in a rule")
        elif name == "values":
            for row in node["res"]:
                for var, value in row.items():
                    self.values.setdefault(str(var), set()).add(_term(value))
        elif name == "Project" and not top:
            inner = self.scope(scope, "sub")
            self.subs.append((inner, {str(v) for v in node["PV"]}))
            self.walk(node["p"], inner)
        else:
            for key, value in node.items():
                if key != "_vars":
                    self.walk(value, scope)


def _bound(node) -> set[str]:
    """Variables bound in every solution of an algebra node (a safe under-estimate)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {str(x) for t in node["triples"] for x in t if type(x).__name__ == "Variable"}
    if name == "Join":
        return _bound(node["p1"]) | _bound(node["p2"])
    if name in ("LeftJoin", "Minus"):
        return _bound(node["p1"])
    if name == "Union":
        return _bound(node["p1"]) & _bound(node["p2"])
    if name == "Project":
        return _bound(node["p"]) & {str(v) for v in node["PV"]}
    if name == "Extend":
        inner = _bound(node["p"])
        return inner | ({str(node["var"])} if str(node["expr"]) in inner and type(node["expr"]).__name__ == "Variable"
                        else set())
    if name in ("Filter", "ToMultiSet", "Group", "AggregateJoin", "Distinct", "Reduced",
                "OrderBy", "Slice"):
        return _bound(node["p"])
    return set()


def _analyse(name: str, text: str) -> _Rule:
    from rdflib.plugins.sparql import prepareQuery

    algebra = prepareQuery(text).algebra
    if algebra.name != "ConstructQuery":
        raise Unsupported("not a CONSTRUCT")
    walker = _Walker()
    walker.walk(algebra["p"], (), top=True)
    subjects, writes, types = [], set(), set()
    for s, p, o in algebra["template"]:
        s, p, o = _term(s), _term(p), _term(o)
        if not isinstance(s, str):
            raise Unsupported("a template subject that is not a variable")
        if s not in subjects:
            subjects.append(s)
        if isinstance(p, str) and p not in walker.values:
            writes = None                 # any predicate
        elif writes is not None:
            writes |= walker.values[p] if isinstance(p, str) else {p}
        if types is not None and (isinstance(p, str) or p.value == _RDF_TYPE):
            types = None if isinstance(o, str) else types | {o}
    marked = bool(_FOCUS_LINE.search(text))
    if marked and len(subjects) > 1:
        raise Unsupported("a # FOCUS line in a rule with more than one template subject")
    if not marked:
        missing = set(subjects) - _bound(algebra["p"])
        if missing:
            raise Unsupported(f"?{sorted(missing)[0]} is not bound in every solution")
    # A sub-select's own variables are not the outer query's: the walk must not join them.
    for scope, projected in walker.subs:
        inside = {v for pt in walker.patterns if pt.scope[:len(scope)] == scope for v in _vars(pt)}
        outside = {v for pt in walker.patterns if pt.scope[:len(scope)] != scope for v in _vars(pt)}
        if (inside - projected) & outside:
            raise Unsupported("a variable used inside and outside a sub-select")
    return _Rule(name, text, tuple(subjects), walker.patterns, writes, types, marked,
                 {scope[-1]: projected for scope, projected in walker.subs})


def _vars(pt: _Pattern) -> list[str]:
    return [x for x in (pt.s, pt.p, pt.o) if isinstance(x, str)]


def _matches(pt: _Pattern, t) -> bool:
    for want, have in ((pt.s, t.subject), (pt.p, t.predicate), (pt.o, t.object)):
        if not isinstance(want, str) and want != have:
            return False
    return True


def _show(x) -> str:
    return f"?{x}" if isinstance(x, str) else str(x)      # pyoxigraph terms print as N-Triples


def _path(rule: _Rule, start: _Pattern, focus: str) -> tuple[str, list[_Pattern]] | None:
    """(variable of `start` to bind, patterns leading from it to `focus`), shortest; None if none.

    A solution that uses `start` also satisfies every pattern of the groups
    enclosing it, and the patterns of a sub-select there as far as the
    variables it projects (the only ones it shares).
    """
    def usable(pt: _Pattern) -> bool:
        if pt is start:
            return False
        if start.scope[:len(pt.scope)] == pt.scope:
            return True
        outer, last = pt.scope[:-1], pt.scope[-1] if pt.scope else None
        return (last is not None and last[0] == "sub" and start.scope[:len(outer)] == outer
                and set(_vars(pt)) <= rule.projected.get(last, set()))

    allowed = [pt for pt in rule.patterns if usable(pt)]
    best = None
    for var in {v for v in (start.s, start.o) if isinstance(v, str)}:
        seen, frontier = {var: []}, [var]
        while frontier and focus not in seen:
            nxt = []
            for v in frontier:
                for pt in allowed:
                    for a, b in ((pt.s, pt.o), (pt.o, pt.s)):
                        if a == v and isinstance(b, str) and b not in seen:
                            seen[b] = seen[v] + [pt]
                            nxt.append(b)
            frontier = nxt
        if focus in seen and (best is None or len(seen[focus]) < len(best[1])):
            best = (var, seen[focus])
    return best


@dataclass
class Rules:
    """The build rules, analysed for incremental refresh."""

    rules: list[_Rule] = field(default_factory=list)
    problem: str | None = None       # why only a full refresh is possible

    def affected(self, changes: set, stores: list) -> set | None:
        """Subjects of derived triples that `changes` (triples added to or removed from the union) can reach.

        `stores` are the pyoxigraph stores before and after the change. None: too many, or not followable.
        """
        if self.problem:
            return None
        focus: set = set()
        for rule in self.rules:
            for pt in rule.patterns:
                hit = [t for t in changes if _matches(pt, t)]
                if not hit:
                    continue
                for subject in rule.subjects:
                    for pos, var in (("subject", pt.s), ("object", pt.o)):
                        if var == subject:
                            focus.update(getattr(t, pos) for t in hit if not isinstance(getattr(t, pos), Literal))
                    if subject in (pt.s, pt.o):
                        continue
                    path = _path(rule, pt, subject)
                    if path is None:
                        return None
                    var, steps = path
                    starts = {t.subject if var == pt.s else t.object for t in hit}
                    if any(isinstance(n, BlankNode) for n in starts):
                        return None          # VALUES cannot name a blank node
                    body = " .\n".join(f"{_show(s.s)} {_show(s.p)} {_show(s.o)}" for s in steps)
                    for chunk in _chunks(sorted(starts, key=str)):
                        query = (f"SELECT DISTINCT ?{subject} WHERE {{ VALUES ?{var} {{ {' '.join(map(str, chunk))} }}\n"
                                 f"{body} }}")
                        for store in stores:
                            focus.update(r[0] for r in store.query(query))
                if len(focus) > MAX_FOCUS:
                    return None
        focus = {n for n in focus if not isinstance(n, Literal)}
        return None if any(isinstance(n, BlankNode) for n in focus) else focus

    def derive_for(self, store, focus: set) -> set:
        """The derived triples whose subject is in `focus`, exactly as a full evaluation gives them."""
        out: set = set()
        ordered = sorted(focus, key=str)
        for rule in self.rules:
            for subject in rule.subjects:
                for chunk in _chunks(ordered):
                    values = f"VALUES ?{subject} {{ {' '.join(map(str, chunk))} }}"
                    out.update(t for t in store.query(_restrict(rule, values)) if t.subject in focus)
        return out

    def refresh(self, store, focus: set, inferred: NamedNode) -> tuple[set, set]:
        """Replace the inferred triples about `focus` by what the rules derive now; (before, after) of them."""
        before = {q.triple for f in focus for q in store.quads_for_pattern(f, None, None, inferred)}
        after = self.derive_for(store, focus)
        for t in before - after:
            store.remove(Quad(t.subject, t.predicate, t.object, inferred))
            if not any(not isinstance(q.graph_name, DefaultGraph)
                       for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                store.remove(Quad(t.subject, t.predicate, t.object, DefaultGraph()))
        store.extend([Quad(t.subject, t.predicate, t.object, g)
                      for t in sorted(after - before, key=str) for g in (inferred, DefaultGraph())])
        return before, after


def _chunks(items: list):
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _restrict(rule: _Rule, values: str) -> str:
    if rule.marked:
        return _FOCUS_LINE.sub(lambda _m: values, rule.text)
    lines = rule.text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bWHERE\s*\{", line, re.I)
        if m:
            lines[i] = line[:m.end()] + " " + values + " " + line[m.end():]
            return "\n".join(lines)
    raise Unsupported(f"{rule.name}: no WHERE {{ on one line")


def _reads_writes(rules: list[_Rule]) -> str | None:
    """A rule body pattern that a rule template could write (then one pass would not be enough)."""
    for writer in rules:
        for reader in rules:
            for pt in reader.patterns:
                if writer.writes is not None and not isinstance(pt.p, str) and pt.p not in writer.writes:
                    continue
                if (isinstance(pt.p, NamedNode) and pt.p.value == _RDF_TYPE and writer.types is not None
                        and not isinstance(pt.o, str) and pt.o not in writer.types):
                    continue
                return f"{reader.name} reads what {writer.name} writes"
    return None


@lru_cache(maxsize=4)
def load_rules(names: tuple[str, ...]) -> Rules:
    """The named rule files of graph/rules, analysed (cached: the files are package data)."""
    # In a thread of its own: pyparsing (under rdflib's parser) caches the
    # exceptions it raises, and with them the frames of whoever called it,
    # which would keep the build's staging store open after the build.
    out: list[Rules] = []
    def run():
        try:
            out.append(_load(names))
        except Exception as exc:          # a rule rdflib cannot parse: refresh in full
            out.append(Rules([], f"cannot analyse the rules: {exc}"))

    worker = threading.Thread(target=run, name="cthr-rules")
    worker.start()
    worker.join()
    return out[0]


def _load(names: tuple[str, ...]) -> Rules:
    rules, texts = [], []
    try:
        for name in names:
            text = (files("cthr.graph") / "rules" / name).read_text(encoding="utf-8")
            texts.append(text)
            rules.append(_analyse(name, text))
    except Unsupported as exc:
        return Rules([], f"{names[len(texts) - 1]}: {exc}")
    finally:
        from pyparsing import ParserElement

        ParserElement.reset_cache()
    return Rules(rules, _reads_writes(rules))
