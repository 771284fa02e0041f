"""Reading an RDF file the user gives: which suffixes are accepted, and the XML guard.

Used by every command that reads a user's RDF file (`cthr validate`,
`--graph FILE`, `cthr push --from`). The format comes from an explicit list
of suffixes: a file whose suffix is not on it is refused with a clear error
rather than parsed as Turtle (a `.trix` file would otherwise fail with a
confusing Turtle syntax error, or worse, half-parse).

XML input is refused if its DTD declares any entity, before any parser sees
it. Entities are how an 800-byte file expands to gigabytes ("billion
laughs", also with non-ASCII or prefixed entity names that slip past a
pattern for nested references) and how a file names other files or URLs to
read. Real RDF/XML uses them only as abbreviations for namespace IRIs;
replace `&ex;` by the IRI, or convert the file to Turtle.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import RdfFormat

__all__ = ["RDF_SUFFIXES", "RdfInputError", "rdf_format", "read_rdf"]

# suffix -> format; the list an error message shows, in this order.
RDF_SUFFIXES = {
    ".ttl": RdfFormat.TURTLE,
    ".trig": RdfFormat.TRIG,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
    ".jsonld": RdfFormat.JSON_LD,
}


class RdfInputError(ValueError):
    """The file cannot be read as RDF for a reason found before parsing (one-line message)."""


def rdf_format(path: str | Path) -> RdfFormat:
    """The RDF format of `path` from its suffix; RdfInputError for any suffix not listed."""
    suffix = Path(path).suffix.lower()
    fmt = RDF_SUFFIXES.get(suffix)
    if fmt is None:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        raise RdfInputError(f"{shown} is not an RDF format cthr reads "
                            f"(accepted: {', '.join(RDF_SUFFIXES)})")
    return fmt


# `<!ENTITY` in any spelling a parser might accept, whatever follows it
# (general or parameter entity, any name, internal or external).
_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.IGNORECASE)


def _xml_text(data: bytes) -> str:
    """The XML bytes as text for the guard, in any encoding a parser could read them in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if data[0] == 0x3C else "utf-16-be")
        return data.decode(codec, errors="replace")
    return data.decode("utf-8", errors="replace")


def check_xml(data: bytes) -> None:
    """RdfInputError if the XML declares an entity (in its DTD, or anywhere at all)."""
    # Searched in the whole file, not only in a DOCTYPE found by pattern: a
    # declaration the guard does not see must not reach the parser. The cost
    # is refusing the rare file that mentions "<!ENTITY" inside a comment.
    if re.search(rb"<!\s*ENTITY", data, re.IGNORECASE) or _ENTITY_DECL.search(_xml_text(data)):
        raise RdfInputError("the XML declares entities (<!ENTITY ...>) in its DTD; cthr refuses them, "
                            "because they can expand without bound or read other files; write the "
                            "values (e.g. namespace IRIs) out in full, or convert the file to Turtle")


def read_rdf(path: str | Path) -> tuple[bytes, RdfFormat]:
    """The bytes of an RDF file and its format, after the checks above (a UTF-8 BOM is dropped)."""
    fmt = rdf_format(path)
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if fmt == RdfFormat.RDF_XML:
        check_xml(data)
    return data, fmt
