"""Which source files changed since the last build, known from their stat where that is safe."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

__all__ = ["FILES_MARK", "RACY_NS", "file_sha256", "read_json"]

# A file's recorded hash is reused while its size, mtime, ctime and inode are
# the same. A change within the file system's timestamp granularity of the
# moment it was hashed could keep them all, so an entry is recorded only for
# a file last changed more than this long before it was looked at (as git
# treats "racily clean" files); a younger file is hashed again next time.
RACY_NS = 2_000_000_000
FILES_MARK = "cthr-files.json"


def file_sha256(path: Path, manifest: dict) -> str:
    """SHA-256 of the file's bytes, from `manifest` when its stat says it has not changed."""
    now = time.time_ns()
    st = path.stat()
    key = str(path.absolute())
    sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    entry = manifest.get(key)
    if isinstance(entry, list) and len(entry) == 5 and entry[:4] == sig:
        return entry[4]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()     # stat first: a change during the read shows next time
    if max(st.st_mtime_ns, st.st_ctime_ns) < now - RACY_NS:
        manifest[key] = [*sig, sha]
    else:
        manifest.pop(key, None)
    return sha


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
