"""An organisation mention: a span of the text that names an organisation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OrgMention:
    start: int
    end: int
    surface: str              # the name as written (no leading article, no possessive)
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None     # name or acronym of the body it is part of
    kind: str | None = None       # "state", or a gazetteer kind ("un", "donor-agency", ...)
    country: str | None = None    # the country whose body it is, when the text says so
    known: object | None = None   # places.KnownOrg when the gazetteer names it
    rule: str = ""                # the finder that produced it (evidence method)
    priority: int = 5             # lower wins an overlap
    nested_in: tuple[int, int] | None = None   # span of a longer mention it may sit inside
    modifier: bool = False        # used as a modifier ("OSCE participating States"): no role from cues
    possessive: bool = False      # written with "’s" ("UNITAD’s work"): named as an agent, still a modifier
    of_document: bool = False     # modifies a document's name ("Security Council resolution 1325")
    in_post: bool = False         # a unit inside a person's post, before the post's body ("Head of the X Unit at Y")
