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
                                      deduplicate=True,
                                      # Only a date the page states as its own (meta tags,
                                      # structured data), never one guessed from its text
                                      # ("© 2024" in a footer).
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return Page(text="")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    body = data.get("text") or ""
    title = (data.get("title") or "").strip() or None
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
