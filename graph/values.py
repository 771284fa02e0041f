"""Result cells that remember their RDF type, and their Python and JSON values.

Query results travel as rows of strings (through forked query processes,
remote endpoints, tables and CSV). A cell that is an IRI or a typed literal
is a `str` subclass naming its kind, so the string stays what every caller
expects while typed output (JSON, the Python API) can still tell the number
27 from the text "27". The classes have no instance state, so they pickle as
cheaply as plain strings.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

XSD = "http://www.w3.org/2001/XMLSchema#"


class Cell(str):
    """A result value as text; subclasses say what it was in RDF."""

    __slots__ = ()

    def python(self):
        return str(self)


class IRI(Cell):
    __slots__ = ()


class BNode(Cell):
    __slots__ = ()


class Integer(Cell):
    __slots__ = ()

    def python(self):
        try:
            return int(self)
        except ValueError:          # an ill-typed literal ("x"^^xsd:integer) stays its text
            return str(self)


class Decimal(Cell):
    __slots__ = ()

    def python(self):
        try:
            return float(self)
        except ValueError:
            return str(self)


class Boolean(Cell):
    __slots__ = ()

    def python(self):
        return {"true": True, "1": True, "false": False, "0": False}.get(self.strip(), str(self))


class Date(Cell):
    __slots__ = ()

    def python(self):
        try:
            return date.fromisoformat(self)
        except ValueError:          # a date with a time zone, or out of Python's range
            return str(self)


class DateTime(Cell):
    __slots__ = ()

    def python(self):
        try:
            return datetime.fromisoformat(self.replace("Z", "+00:00"))
        except ValueError:
            return str(self)


_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
             "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
             "unsignedByte")
BY_DATATYPE: dict[str, type[Cell]] = {XSD + t: Integer for t in _INTEGERS}
BY_DATATYPE.update({XSD + "decimal": Decimal, XSD + "double": Decimal, XSD + "float": Decimal,
                    XSD + "boolean": Boolean, XSD + "date": Date, XSD + "dateTime": DateTime})


def literal_cell(value: str, datatype: str | None) -> str:
    """The cell for a literal: typed when its datatype is one of the above, else plain text."""
    kind = BY_DATATYPE.get(datatype or "")
    return kind(value) if kind else value


def python_value(cell):
    """int, float, bool, datetime.date/datetime for typed literals; str for IRIs and text; None when unbound."""
    if cell == "" and not isinstance(cell, Cell):
        return None
    return cell.python() if isinstance(cell, Cell) else cell


def json_value(cell):
    """As python_value, but dates as ISO text and non-finite numbers as their lexical form (JSON has neither)."""
    value = python_value(cell)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(cell)
    return value


# GROUP_CONCAT(... ; separator="x") AS ?name: the separator of that column.
_CONCAT = re.compile(r"GROUP_CONCAT\s*\(", re.IGNORECASE)
_SEPARATOR = re.compile(r';\s*SEPARATOR\s*=\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')\s*\Z', re.IGNORECASE | re.DOTALL)
_AS = re.compile(r"\s*AS\s+[?$]([A-Za-z0-9_]+)", re.IGNORECASE)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def repl(m):
        if m.group(1):
            return chr(int(m.group(1), 16))
        return _ESCAPES.get(m.group(2), m.group(2))
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\(.)", repl, text)


def multi_columns(query_text: str) -> dict[str, str]:
    """{column: separator} for each result column a GROUP_CONCAT with an explicit separator makes.

    Without a separator SPARQL joins with a space, which cannot be told
    from a space inside a value: such columns stay single strings.
    """
    found = {}
    for m in _CONCAT.finditer(query_text):
        depth, k = 1, m.end()
        while k < len(query_text) and depth:
            depth += {"(": 1, ")": -1}.get(query_text[k], 0)
            k += 1
        inner = query_text[m.end():k - 1]
        sep, name = _SEPARATOR.search(inner), _AS.match(query_text, k)
        if sep and name:
            found[name.group(1)] = _unescape(sep.group(1)[1:-1])
    return found


def split_multi(value: str, separator: str) -> list[str]:
    """The values a GROUP_CONCAT joined (none for an empty or unbound cell)."""
    return value.split(separator) if value else []


__all__ = ["Cell", "IRI", "BNode", "Integer", "Decimal", "Boolean", "Date", "DateTime", "literal_cell",
           "python_value", "json_value", "multi_columns", "split_multi"]
