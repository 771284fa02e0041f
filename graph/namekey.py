"""The normalised name key: how a name typed by a researcher finds an organisation.

Every name, acronym and alias of an organisation is written at build time as
a `cthr:nameKey` literal (graph/mapping.py), and a name given to a query
(`--param org=...`, `cthr why`) is turned into the same key here, so
resolving it is one exact-term match on an indexed literal instead of a
case-insensitive CONTAINS scan over every label.

The key is deliberately milder than `cthr.loaders.entities.normalise`: that
one folds words ("UN" into "united nations", drops "the") because it decides
identity; a lookup key only forgives how a name is typed (case, accents,
dots in "U.N.", hyphens and spacing), so an acronym stays its own key.
"""

from __future__ import annotations

import re
import unicodedata

# Dropped without a trace: dots of "U.N.", apostrophes of "O'Neill".
_GLUE = re.compile(r"[.'\u2019\u02bc]")
# Any other run of non-letters/digits is one space.
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def name_key(name: str) -> str:
    """Lower case, accents folded, dots and apostrophes dropped, other punctuation and spacing one space."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _SEPARATORS.sub(" ", _GLUE.sub("", text)).strip()


__all__ = ["name_key"]
