"""What the network report and picture read from data files: templates, colours, the reading guide, sector names.

The files are graph/templates/network-report.md, network-report.html,
network-guide.yaml and network-style.yaml, and the sector concepts of the
packaged ontology/concepts.ttl; each is read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

from .netdata import query_text


def template(name: str) -> str:
    return (files("cthr.graph") / "templates" / name).read_text(encoding="utf-8")


@cache
def style() -> dict:
    return yaml.safe_load(template("network-style.yaml"))


@cache
def guide() -> dict:
    return yaml.safe_load(template("network-guide.yaml"))


@cache
def sector_names() -> dict[str, str]:
    """Sector concept -> its skos:prefLabel, from the packaged ontology/concepts.ttl."""
    from pyoxigraph import RdfFormat, Store

    from .vocab import PREFIXES

    store = Store()
    store.load((files("cthr.ontology") / "concepts.ttl").read_bytes(), format=RdfFormat.TURTLE)
    return {r["sector"].value: r["name"].value for r in store.query(query_text("sector-labels"), prefixes=PREFIXES)}


def sector_colour(sector: str) -> str:
    colours = style()["sectors"]
    return colours.get(sector, colours["other"])


def sector_title(s: str) -> str:
    """The sector's name for people (its skos:prefLabel), else the concept name."""
    return sector_names().get(s, s)
