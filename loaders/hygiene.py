"""Text hygiene shared by the loaders: invisible control characters, and long values in messages.

A name with a NUL, an escape sequence or a right-to-left override in it
looks fine in a table and is wrong everywhere else: it reaches Turtle, the
HTML report and every query that matches on the name, and a bidirectional
override can make "acme" display as something else (the "Trojan Source"
trick). The loaders therefore refuse such characters, or strip them with a
warning, before a value becomes a fact.

Refused (:func:`find_control`):

- C0 and C1 control characters (Unicode category Cc: U+0000-U+001F,
  U+007F-U+009F) except tab and newline; a carriage return is accepted only
  as part of a CRLF line end;
- the bidirectional embeddings, overrides and isolates U+202A-U+202E and
  U+2066-U+2069 (the marks LRM, RLM and ALM, which Arabic and Kurdish text
  needs, stay allowed);
- lone surrogates (U+D800-U+DFFF), which a JSON escape can produce but no
  UTF-8 file can hold.

:func:`cut` shortens a value for an error message, so a 100 KB value gives a
line of a few hundred characters that still says how long the value was, and
:func:`one_line` makes any message a single printable line.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["find_control", "describe", "control_problem", "strip_controls", "line_col", "cut", "one_line"]

# One class for everything refused; a CR is refused unless a LF follows it.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|\r(?!\n)")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
          0x0D: "carriage return", 0x1B: "escape", 0x7F: "DEL", 0x85: "NEL, next line"}


def find_control(text: str) -> tuple[int, str] | None:
    """(index, character) of the first refused character in `text`, or None if there is none."""
    m = _BAD.search(text)
    return (m.start(), m.group()[0]) if m else None


def describe(ch: str) -> str:
    """A character as its code point and name, e.g. "U+202E (RIGHT-TO-LEFT OVERRIDE)"."""
    code = ord(ch)
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    if not name and 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    return f"U+{code:04X}" + (f" ({name})" if name else " (control character)")


def control_problem(text: str) -> str | None:
    """A one-line problem for the first refused character in `text` (None if clean)."""
    found = find_control(text)
    if found is None:
        return None
    index, ch = found
    return (f"contains the invisible character {describe(ch)} at character {index + 1}; "
            "remove it (only tab and newline are allowed)")


def strip_controls(text: str) -> tuple[str, int]:
    """`text` without the refused characters, and how many were removed (a lone CR becomes a LF)."""
    removed = 0

    def repl(m: re.Match) -> str:
        nonlocal removed
        removed += 1
        return "\n" if m.group() == "\r" else ""
    return _BAD.sub(repl, text), removed


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def cut(value: object, limit: int = 80) -> str:
    """`repr(value)` cut to about `limit` characters, saying how long it was.

    repr keeps the message on one line (newlines and control characters are
    escaped) and shows where the value starts and ends.
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, (str, bytes)) else f"{len(text):,} characters as text"
    return f"{text[:max(limit - 1, 8)]}… ({size})"


_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(message: str, limit: int = 1000) -> str:
    """`message` as one printable line: line breaks and control characters escaped, at most ~`limit` characters."""
    text = _ESCAPE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", message)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters cut)"
    return text
