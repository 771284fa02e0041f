"""Curation commands: candidates for review, judgements, review files, the project folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cthr.cli_common import err, fail, format_option, out, print_rows
from cthr.loaders.errors import LoadError

project_option = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, exists=True), envvar="CTHR_PROJECT",
    help="Project folder with cthr.toml, aliases, judgements, reviews (env CTHR_PROJECT; default: the working folder).")

_TOML = """\
# cthr-kg project settings: the curation files every `cthr build` run in this
# folder (or with --project) reads over the bundled tables. Paths are
# relative to this file; a file left out is looked for under its usual name.
# See docs/curation.md.
[curation]
aliases = "aliases.yaml"          # alias entries (name, acronym, aliases, sector, parent, country)
judgements = "judgements.yaml"    # same / different / unsure decisions on pairs
reviews = "reviews"               # <source key>.review.yaml files written by `cthr review`
# sectors = "sectors.yaml"        # sector rules tried before the bundled ones
# scopes = "scopes.yaml"          # national-body rules tried before the bundled ones
bundled_aliases = true            # false: use only this folder's alias table
"""
_JUDGEMENTS = """\
# Judgements on pairs of entities (docs/curation.md). One entry per decision:
#   - judgement: same | different | unsure
#     a: <IRI>  or  {name: ..., country: ...}
#     b: <IRI>  or  {name: ..., country: ...}
#     author: ...
#     date: YYYY-MM-DD
#     note: why
# `cthr judge` appends entries; delete one to undo it.
"""
_ALIASES = """\
# This project's alias entries, over the bundled table (same fields:
# name, acronym, aliases, sector, parent, country). See docs/curation.md.
"""


def load_project(project_dir):
    from cthr.loaders.project import find_project

    try:
        return find_project(project_dir)
    except LoadError as exc:
        fail(str(exc))


def load_curation_or_fail(project):
    from cthr.loaders.project import load_curation

    try:
        return load_curation(project)
    except LoadError as exc:
        fail(str(exc))


def show_candidates(graph, project_dir, min_score: int, fmt: str) -> None:
    """`cthr entities --candidates`: possible duplicates with score and reasons."""
    from cthr.graph.candidates import candidates

    curation = load_curation_or_fail(load_project(project_dir))
    try:
        found = candidates(graph, curation, min_score)
    except LoadError as exc:
        fail(str(exc))
    rows = [[c.score, c.a.label, c.b.label, list(c.reasons), c.a.country or "", c.b.country or "",
             c.a.iri, c.b.iri] for c in found]
    columns = ["score", "a", "b", "reasons", "a_country", "b_country", "a_iri", "b_iri"]
    if fmt == "table":      # IRIs do not fit a terminal; csv/tsv/json carry them for `cthr judge`
        columns, rows = columns[:4], [r[:4] for r in rows]
    print_rows(columns, rows, fmt, title="possible duplicates (decide with `cthr judge`; IRIs with --format csv)")


def show_redirects(graph, fmt: str) -> None:
    """`cthr entities --redirects`: IRIs that now resolve to another node (owl:sameAs)."""
    from cthr.graph.stats import redirects

    print_rows(["iri", "now", "label"], [list(r) for r in redirects(graph)], fmt, title="redirected IRIs")


def _source_path(source: str) -> str:
    """A file, or the key of a source of the bundled corpus (`ctphare-baghdad-2024-12`)."""
    if Path(source).is_file():
        return source
    from cthr.corpus import default_sources

    for path in default_sources():
        if Path(str(path)).stem == source:
            return str(path)
    fail(f"{source}: no such file, nor a source of the bundled corpus")


@click.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (default: reviews/<source key>.review.yaml in the project; '-' for stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing review file.")
@project_option
def review(source, output, force, project_dir):
    """Write the facts loaded from SOURCE (a file, or a bundled source's key) as a review file to edit.

    Each fact gets `decision: unreviewed`; change it to accept, reject or
    correct (with the new values under `set:`), add missed facts under
    `add:`. Every later build applies the file while SOURCE's bytes stay the
    same, and reports it, unapplied, if they change.
    """
    from cthr.graph.build import load_source
    from cthr.graph.store import atomic_write
    from cthr.loaders.review import review_template

    project = load_project(project_dir)
    try:
        # The facts a build here would extract: with the project's extract/ additions.
        x = load_source(_source_path(source), load_curation_or_fail(project).extraction)
    except LoadError as exc:
        fail(str(exc))
    text = review_template(x, date.today())
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output) if output else project.review_path(x.source.key)
    if target.exists() and not force:
        fail(f"{target} exists (it may hold your decisions); use --force to overwrite or -o another file")
    atomic_write(target, text.encode("utf-8"))
    counts = ", ".join(f"{len(getattr(x, k))} {k}" for k in ("events", "organisations", "persons", "participations")
                       if getattr(x, k))
    out.print(f"wrote {target} ({counts}): set each `decision:`, then run `cthr build`")


def _side(value: str, country: str | None, kind: str):
    from cthr.loaders.judgements import Side

    if value.startswith(("http://", "https://")):
        if country:
            fail("an IRI side takes no --country")
        return Side(iri=value, kind=kind)
    return Side(name=value, country=country, kind=kind)


@click.command()
@click.argument("judgement", type=click.Choice(["same", "different", "unsure"]))
@click.argument("a")
@click.argument("b")
@click.option("--country-a", help="Country of A when A is a name (national bodies need one).")
@click.option("--country-b", help="Country of B when B is a name.")
@click.option("--person", is_flag=True, help="A and B are persons (default: organisations).")
@click.option("--author", help="Who decides (stored in the judgements file).")
@click.option("--note", help="Why.")
@project_option
def judge(judgement, a, b, country_a, country_b, person, author, note, project_dir):
    """Record that A and B (IRIs or names) are the same, different, or unsure.

    Appends one entry to the project's judgements file, after checking that
    the file with it still reads and agrees with itself; the next build
    applies it. Delete the entry to undo the decision.
    """
    from cthr.graph.identity import Identities
    from cthr.graph.store import atomic_write
    from cthr.loaders.judgements import Judgement, entry_yaml
    from cthr.loaders.project import FILES, load_curation

    project = load_project(project_dir)
    kind = "person" if person else "organisation"
    entry = entry_yaml(Judgement(judgement), _side(a, country_a, kind), _side(b, country_b, kind),
                       author, date.today(), note)
    path = project.judgements or (project.folder / FILES["judgements"])
    if path.suffix.lower() == ".csv":
        fail(f"{path} is a CSV file: add the row with a spreadsheet or text editor")
    old = path.read_text(encoding="utf-8") if path.exists() else _JUDGEMENTS
    new = old + ("" if old.endswith("\n") or not old else "\n") + entry
    trial = path.with_name(f".{path.name}.check.yaml")
    try:
        trial.write_text(new, encoding="utf-8")
        project.judgements = trial
        Identities(load_curation(project))
    except LoadError as exc:
        fail(str(exc).replace(str(trial), str(path)))
    finally:
        trial.unlink(missing_ok=True)
    atomic_write(path, new.encode("utf-8"))
    out.print(f"added to {path}:\n{entry.rstrip()}")


@click.command()
@project_option
@click.option("--init", is_flag=True, help="Write a commented cthr.toml, judgements.yaml, aliases.yaml and reviews/.")
@format_option
def project(project_dir, init, fmt):
    """Show which curation files builds in the project folder read (or --init them)."""
    from cthr.graph.store import atomic_write
    from cthr.loaders.project import CONFIG

    found = load_project(project_dir)
    if init:
        folder = found.folder
        for name, text in ((CONFIG, _TOML), ("judgements.yaml", _JUDGEMENTS), ("aliases.yaml", _ALIASES)):
            if (folder / name).exists():
                err.print(f"kept {folder / name}")
            else:
                atomic_write(folder / name, text.encode("utf-8"))
                out.print(f"wrote {folder / name}")
        (folder / "reviews").mkdir(exist_ok=True)
        found = load_project(project_dir)
    curation = load_curation_or_fail(found)
    rows = [["folder", str(found.folder)], ["config", str(found.config or "(none: usual file names)")]]
    for key in ("aliases", "sectors", "scopes", "judgements", "reviews"):
        rows.append([key, str(getattr(found, key) or "(bundled only)" if key in ("aliases", "sectors", "scopes")
                              else getattr(found, key) or "(none)")])
    rows.append(["judgements read", len(curation.judgements)])
    rows.append(["review files", len(curation.reviews)])
    print_rows(["setting", "value"], rows, fmt)

# Registered on the `cthr` group by cthr/cli.py.
COMMANDS = [review, judge, project]
