"""Document blocks (paragraphs, headings, lists, definition lists, tables) rendered to Markdown and to HTML.

The network report builds each section once as blocks, so report.md and
report.html say the same. A block is a (kind, body) pair: "p" and "h3" with
text, "list" with items, "dl" with (term, text) pairs, "table" with a
:class:`Table`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass
class Table:
    columns: list[str]
    rows: list[list]
    numeric: tuple[int, ...] = ()      # column indexes to right-align


def _fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _md_cell(v) -> str:
    return _fmt(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list) -> str:
    out = []
    for kind, body in blocks:
        if kind == "p":
            out.append(body)
        elif kind == "h3":
            out.append(f"### {body}")
        elif kind == "list":
            out.append("\n".join(f"- {item}" for item in body))
        elif kind == "dl":
            out.append("\n".join(f"- **{term}**: {text}" for term, text in body))
        elif kind == "table":
            t: Table = body
            if not t.rows:
                out.append("_none_")
                continue
            lines = ["| " + " | ".join(t.columns) + " |",
                     "|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.columns))) + "|"]
            lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in t.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out)


def to_html(blocks: list) -> str:
    e = html.escape
    out = []
    for kind, body in blocks:
        if kind == "p":
            out.append(f"<p>{e(body)}</p>")
        elif kind == "h3":
            out.append(f"<h3>{e(body)}</h3>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in body) + "</ul>")
        elif kind == "dl":
            out.append("<dl>" + "".join(f"<dt>{e(t)}</dt><dd>{e(x)}</dd>" for t, x in body) + "</dl>")
        elif kind == "table":
            t = body
            if not t.rows:
                out.append('<p class="muted">none</p>')
                continue
            head = "".join(f"<th>{e(c)}</th>" for c in t.columns)
            rows = "".join(
                "<tr>" + "".join(f'<td class="num">{e(_fmt(v))}</td>' if i in t.numeric else f"<td>{e(_fmt(v))}</td>"
                                 for i, v in enumerate(r)) + "</tr>" for r in t.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(out)
