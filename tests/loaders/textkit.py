"""Helpers for the extractor's tests: extract invented text, look facts up."""

from __future__ import annotations

from cthr.loaders.model import Extraction, Source
from cthr.loaders.text import extract_text


def extract(body: str, title: str = "Invented press release", key: str = "invented") -> Extraction:
    """Extract ``title`` + a blank line + ``body`` (language detected)."""
    return extract_text(Source(key=key, path=f"{key}.txt", kind="text", text=f"{title}\n\n{body}\n",
                               language="auto"))


def names(ex: Extraction) -> set[str]:
    return {o.name for o in ex.organisations}


def org(ex: Extraction, name: str):
    found = [o for o in ex.organisations if o.name == name]
    assert len(found) == 1, f"{name!r} not extracted once: {sorted(names(ex))}"
    return found[0]


def roles(ex: Extraction, name: str) -> set[str]:
    return set().union(*[p.roles for p in ex.participations
                         if p.agent == name and p.agent_kind == "organisation"])


def funders(ex: Extraction) -> set[str]:
    return {f.funder for f in ex.fundings}
