"""Vendored browser files (graph/static/) as `cthr serve` answers them under /static/.

The files are package data, read once and kept: a page works offline and
never loads a script or style from a CDN. Only known suffixes are served,
from known folders, so a request cannot reach other package files.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib.resources import files

__all__ = ["asset", "MAX_AGE"]

# Suffix -> Content-Type. Source maps are not vendored (they only serve a debugger).
TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
         "md": "text/plain; charset=utf-8", "LICENSE": "text/plain; charset=utf-8"}
# A vendored file changes only with a new cthr release, and its ETag then changes too:
# a browser may keep it a day and afterwards revalidate it with If-None-Match.
MAX_AGE = 86400
_NAME = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)+[A-Za-z0-9][A-Za-z0-9._-]*")


@lru_cache(maxsize=32)
def asset(path: str) -> tuple[bytes, str, str] | None:
    """(body, Content-Type, ETag) of /static/PATH, or None when there is no such vendored file."""
    if not _NAME.fullmatch(path) or ".." in path:
        return None
    suffix = path.rsplit("/", 1)[1]
    suffix = suffix.rsplit(".", 1)[1] if "." in suffix else suffix
    if suffix not in TYPES:
        return None
    node = files("cthr.graph") / "static"
    for part in path.split("/"):
        node = node / part
    try:
        body = node.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return body, TYPES[suffix], '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
