"""HTML pages: the article's main content, title, date and address.

trafilatura (made for this) separates the article from menus, cookie
banners, related-news boxes and footers. Nothing is fetched: the page is
parsed from the bytes given, and trafilatura's network features are not
called. The result is plain text whose first line is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser


@dataclass
class Page:
    text: str
    title: str | None = None
    date: date | None = None
    url: str | None = None


def looks_like_html(suffix: str, text: str) -> bool:
    if suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.match(r"<(?:body|div|p|article)\b", head))


def main_content(html: str) -> Page:
    """The article of a page: title line, then its paragraphs."""
    import trafilatura   # heavy: imported only for HTML sources

    doc = trafilatura.bare_extraction(html, output_format="python", with_metadata=True,
                                      include_comments=False, include_tables=False,
                                      include_images=False, include_links=False, favor_precision=True,
                                      deduplicate=True, include_formatting=True,
                                      # Only a date the page states as its own (meta tags,
                                      # structured data), never one guessed from its text
                                      # ("© 2024" in a footer).
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return Page(text="")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    body = _plain(data.get("text") or "")
    title = (data.get("title") or "").strip() or None
    if not title or _generic(title):
        title = page_headline(html) or title      # "<title>News - Ministry</title>": the page's own headline
    lines = [" ".join(line.split()) for line in body.split("\n")]
    paragraphs = [line for line in lines if line]
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    published = None
    raw_date = data.get("date")
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return Page(text="\n\n".join(paragraphs) + "\n" if paragraphs else "", title=title,
                date=published, url=data.get("url") or None)


_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_BOLD = re.compile(r"\*\*(\S(?:[^*\n]*?\S)?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(\S(?:[^*\n]*?\S)?)\*(?![*\w])")
_TITLE_START = re.compile(r"[A-ZÀ-Þ0-9«“\"]")


def _plain(body: str) -> str:
    """trafilatura's marked-up text as plain text: headings and bold unmarked; a title
    set in italics inside a sentence ("the report <em>Community Security in X</em>")
    written in quotation marks, as print sets it, so it reads as a title. Italics that
    make a whole line (a dateline, a caption) or a few words of emphasis are unmarked."""
    body = _BOLD.sub(r"\1", _HEADING.sub("", body))

    def italic(m: re.Match) -> str:
        inner = m.group(1)
        line_start = body.rfind("\n", 0, m.start()) + 1
        line_end = body.find("\n", m.end())
        whole_line = not body[line_start:m.start()].strip(" -–•") and not body[m.end():line_end if line_end >= 0 else None].strip(" .")
        if whole_line or len(inner.split()) < 3 or not _TITLE_START.match(inner) or inner[0] in "«“\"":
            return inner
        return f"“{inner}”"

    return _ITALIC.sub(italic, body)


def _generic(title: str) -> bool:
    """A section's name, not the article's ("News", "Press releases", "Actualités")."""
    from .lexicon import words

    return title.casefold().strip(" .:|-") in words().generic_page_titles or len(title.split()) < 3


class _Headings(HTMLParser):
    """Headline candidates outside the page chrome: h1, then an element whose
    class names a title ("article-title", "headline"), then h2."""

    _CHROME = {"head", "nav", "footer", "aside", "header", "form", "script", "style"}
    _KINDS = {"h1": 0, "h2": 2}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []      # (rank, order, text)
        self._chrome = 0
        self._open: list[tuple[str, int, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._CHROME:
            self._chrome += 1
            return
        cls = (dict(attrs).get("class") or "").lower()
        rank = self._KINDS.get(tag, 1 if re.search(r"\b[\w-]*(?:title|headline)[\w-]*\b", cls)
                               and "sub" not in cls and "site" not in cls else None)
        if rank is not None and not self._chrome:
            self._open.append((tag, rank, []))

    def handle_endtag(self, tag):
        if tag in self._CHROME and self._chrome:
            self._chrome -= 1
        if self._open and self._open[-1][0] == tag:
            _, rank, parts = self._open.pop()
            self.found.append((rank, len(self.found), " ".join("".join(parts).split())))

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)


def page_headline(html: str) -> str | None:
    """The article's headline from the page's own markup, or None."""
    parser = _Headings()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        return None
    good = sorted((rank, order, text) for rank, order, text in parser.found if 3 <= len(text.split()) <= 40
                  and not _generic(text))
    return good[0][2] if good else None


class _TextOnly(HTMLParser):
    """The text of a page fragment trafilatura finds no article in; skips
    script/style; entities come from the parser's own table (never fetched)."""

    _SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "ul", "ol", "table", "title", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def strip_tags(html: str) -> str:
    """Plain text of an HTML fragment, one block per line."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line) + "\n"
