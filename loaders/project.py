"""The researcher's project folder: curation files over the bundled defaults.

A project folder (``--project DIR``, ``$CTHR_PROJECT``, else the working
folder) may hold, under these conventional names or the names its
``cthr.toml`` gives:

- ``aliases.yaml``: alias entries over the bundled table (an entry with the
  same canonical name and country replaces the bundled one);
- ``sectors.yaml`` / ``scopes.yaml``: rules tried before the bundled ones;
- ``judgements.yaml`` (or ``.csv``): same / different / unsure decisions;
- ``reviews/``: one ``<source key>.review.yaml`` per reviewed source.

:class:`Curation` is what a build uses: the loaded tables and a digest per
source of everything its graph depends on, so a build re-maps a source when
its curation changed even though its bytes did not.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from .entities import AliasTable, Resolver, ScopeRules, SectorRules
from .judgements import Edge, digest as judgements_digest, load_judgements
from .model import LoadError
from .review import Review, load_review

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG = "cthr.toml"
REVIEW_SUFFIX = ".review.yaml"
# cthr.toml [curation] keys -> conventional file names in the folder.
FILES = {"aliases": "aliases.yaml", "sectors": "sectors.yaml", "scopes": "scopes.yaml",
         "judgements": "judgements.yaml", "reviews": "reviews",
         # the extractor's own vocabulary, added to the bundled one (docs/extraction.md)
         "extract_words": "extract/words.yaml", "extract_cues": "extract/cues.yaml",
         "extract_organisations": "extract/organisations.yaml", "extract_events": "extract/events.yaml"}
FLAGS = ("bundled_aliases", "bundled_sectors", "bundled_scopes")


@dataclass
class Project:
    """Which curation files a build reads (None: not given)."""

    folder: Path | None = None
    config: Path | None = None
    aliases: Path | None = None
    sectors: Path | None = None
    scopes: Path | None = None
    judgements: Path | None = None
    reviews: Path | None = None
    extract_words: Path | None = None
    extract_cues: Path | None = None
    extract_organisations: Path | None = None
    extract_events: Path | None = None
    bundled_aliases: bool = True
    bundled_sectors: bool = True
    bundled_scopes: bool = True

    def used(self) -> list[str]:
        """The curation files in effect, for the build's report."""
        out = [str(p) for p in (self.config, self.aliases, self.sectors, self.scopes, self.judgements,
                                self.extract_words, self.extract_cues, self.extract_organisations,
                                self.extract_events) if p]
        if self.reviews:
            out.append(f"{self.reviews}/ ({len(review_files(self.reviews))} review file(s))")
        return out

    def review_path(self, key: str) -> Path:
        return (self.reviews or (self.folder or Path.cwd()) / FILES["reviews"]) / f"{key}{REVIEW_SUFFIX}"


def _config_line(text: str, key: str) -> int | None:
    """The line of `key = ...` or of a `[key]` table header (tomllib keeps no positions)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*({re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*[\].])", line):
            return number
    return None


def find_project(folder: str | Path | None = None) -> Project:
    """The project in `folder` (default: $CTHR_PROJECT, else the working folder)."""
    if folder is None:
        folder = os.environ.get("CTHR_PROJECT") or "."     # shown as given: "cthr.toml", not /abs/path
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(str(folder), None, "project folder does not exist")
    project = Project(folder=folder)
    config = folder / CONFIG
    settings: dict = {}
    text = ""
    if config.is_file():
        project.config = config
        try:
            text = config.read_bytes().decode("utf-8-sig")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise LoadError(str(config), None, f"not UTF-8 text (bad byte at offset {exc.start})") from None
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            raise LoadError(str(config), int(found.group(1)) if found else None, f"TOML: {problem}") from None
        for key in data:
            if key != "curation":
                raise LoadError(str(config), _config_line(text, key),
                                f"unknown section or key '{key}' (known: [curation])")
        settings = data.get("curation", {})
        if not isinstance(settings, dict):
            raise LoadError(str(config), _config_line(text, "curation"), "'curation' must be a [curation] table")
        for key, value in settings.items():
            line = _config_line(text, key)
            if key in FLAGS:
                if not isinstance(value, bool):
                    raise LoadError(str(config), line, f"{key}: expected true or false, got {value!r}")
                setattr(project, key, value)
            elif key in FILES:
                if not isinstance(value, str) or not value.strip():
                    raise LoadError(str(config), line, f"{key}: expected a file name in quotes")
                path = folder / value
                if not path.exists():
                    raise LoadError(str(config), line, f"{key}: no such file or folder {str(path)!r}")
                setattr(project, key, path)
            else:
                raise LoadError(str(config), line, f"unknown key '{key}' (known: {', '.join([*FILES, *FLAGS])})")
    for key, name in FILES.items():
        if key in settings:
            continue
        path = folder / name
        if key == "judgements" and not path.exists() and (folder / "judgements.csv").exists():
            path = folder / "judgements.csv"
        if (path.is_dir() if key == "reviews" else path.is_file()):
            setattr(project, key, path)
    return project


def review_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(REVIEW_SUFFIX) and p.is_file())


def _bytes_digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


@dataclass
class Curation:
    """Everything resolution and review read in a build, with digests for incremental builds."""

    aliases: AliasTable
    sectors: SectorRules
    scopes: ScopeRules
    judgements: list[Edge] = field(default_factory=list)
    reviews: dict[str, Review] = field(default_factory=dict)
    project: Project = field(default_factory=Project)
    base_digest: str = ""
    extraction: object | None = None        # cthr.loaders.text.Overlay: the project's extract/ files

    def resolver(self) -> Resolver:
        return Resolver(self.aliases, self.scopes)

    def review_for(self, key: str) -> Review | None:
        return self.reviews.get(key)

    def digest(self, key: str) -> str:
        """What source `key`'s graph depends on besides its bytes: tables, judgements, its review."""
        review = self.reviews.get(key)
        return _bytes_digest(self.base_digest.encode(), (review.digest if review else "").encode())


def _read(path: Path | None) -> bytes:
    return path.read_bytes() if path else b""


def load_curation(project: Project | str | Path | None = None) -> Curation:
    """Load a project's curation over the bundled tables (None: the bundled tables only)."""
    if project is None:
        project = Project()
    elif not isinstance(project, Project):
        project = find_project(project)
    aliases = AliasTable.load(project.aliases, bundled=project.bundled_aliases)
    sectors = SectorRules.load(project.sectors, bundled=project.bundled_sectors)
    scopes = ScopeRules.load(project.scopes, bundled=project.bundled_scopes)
    judgements = load_judgements(project.judgements) if project.judgements else []
    reviews: dict[str, Review] = {}
    for path in review_files(project.reviews) if project.reviews else []:
        review = load_review(path)
        expected = path.name[: -len(REVIEW_SUFFIX)]
        if review.source != expected:
            raise LoadError(str(path), 1, f"field 'source': {review.source!r} does not match the file name "
                                          f"(expected {expected!r})")
        reviews[review.source] = review
    bundled = b"".join((files("cthr.loaders") / n).read_bytes() for n in ("aliases.yaml", "sectors.yaml", "scopes.yaml"))
    flags = repr([project.bundled_aliases, project.bundled_sectors, project.bundled_scopes]).encode()
    # Comments and line moves in the tables count (curated origins cite lines);
    # in judgements only the pairs do, so deleting an entry restores the graph.
    from .text import Overlay
    extraction = Overlay.load(project.extract_words, project.extract_cues, project.extract_organisations,
                              project.extract_events)
    from . import pipeline

    # The extractor's and mapping's own files count too: after an upgrade the
    # same bytes give other facts, so no stored source is "unchanged".
    base = _bytes_digest(pipeline.pipeline_digest().encode(), bundled, flags, _read(project.aliases), _read(project.sectors), _read(project.scopes),
                         judgements_digest(judgements).encode(),
                         (extraction.digest if extraction else "").encode())
    return Curation(aliases, sectors, scopes, judgements, reviews, project, base, extraction)
