"""Deterministic, offline extraction of workshop facts from press releases.

Rules and gazetteers only, no model downloads. The extractor is a pipeline
of small stages over one :class:`~cthr.loaders.text.doc.Doc`
(:data:`~cthr.loaders.text.pipeline.STAGES`); its vocabulary is data in
``patterns/words.yaml`` and ``patterns/cues.yaml`` and in the gazetteers of
:mod:`cthr.loaders.gazetteers`. Every extracted item carries an
:class:`~cthr.loaders.model.Evidence` whose ``exact`` equals
``source.text[start:end]`` and whose ``method`` names the rule.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..hygiene import control_problem, find_control, line_col
from ..model import Extraction, LoadError, Source
from .chrome import leading_chrome_end
from .html import looks_like_html, main_content, strip_tags
from .lexicon import Overlay, active
from .pipeline import STAGES, extract_text

__all__ = ["extract_text", "load_text", "STAGES", "Overlay"]


def load_text(path: str | Path, *, key: str | None = None, url: str | None = None,
              publisher: str | None = None, language: str | None = None,
              overlay: Overlay | None = None) -> Extraction:
    """Read a UTF-8 press release (plain text or an HTML page) and extract it.

    A BOM is accepted and CRLF/CR become LF before any offset is computed.
    For HTML, only the page's main content is read (menus, banners, related
    boxes and footers are dropped) and the page's title, date and address
    are used when the caller gives none. ``overlay`` adds a researcher's
    words, cues and known bodies (a project's ``extract/`` files). Raises
    :class:`LoadError` for undecodable bytes, invisible control characters
    (see :mod:`cthr.loaders.hygiene`) or a file with no text.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), None, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise LoadError(str(path), line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = find_control(text)
    if found is not None:           # a NUL, an escape or a bidi override would reach every fact
        line, _ = line_col(text, found[0])
        raise LoadError(str(path), line, control_problem(text[found[0]:found[0] + 1]).replace(" at character 1", ""))
    published = None
    if looks_like_html(p.suffix, text):
        page = main_content(text)
        if not page.text.strip():
            page.text = strip_tags(text)
        text, published = page.text, page.date
        url = url or page.url
    if not text.strip():
        raise LoadError(str(path), None, "empty file: no text to extract")
    title = next((line.strip() for line in text[leading_chrome_end(text):].split("\n") if line.strip()), None)
    source = Source(key=key or p.stem, path=str(path), kind="text", text=text,
                    sha256=hashlib.sha256(data).hexdigest(), url=url, title=title,
                    publication_date=published, language=language or "auto", publisher=publisher)
    with active(overlay):
        return extract_text(source)
