"""The extractor as an ordered list of stages over one :class:`Doc`.

Each stage is a function ``Doc -> None`` that reads the fields earlier
stages set and writes its own (see the field comments in ``doc.Doc``).
"""

from __future__ import annotations

from ..model import Extraction, Source
from . import assemble, coref, events, orgs, persons, posts, projects, published, resources, roles, zones
from .doc import Doc

STAGES = (
    zones.mark_zones,                      # title, dateline, tokens, sentences
    published.find_dates_and_publication,  # dates; publication date
    projects.find_projects,                # projects (their words are not organisations)
    orgs.find_org_mentions,                # organisation mentions
    persons.find_persons,                  # persons and posts
    persons.drop_person_names_from_orgs,
    coref.merge_mentions,                  # mentions -> organisations
    assemble.project_organisers,
    posts.person_organisations,          # the organisation of each post
    events.find_events,                    # main event and related sessions
    roles.assign_roles,                    # organisations' roles from the cue table
    resources.find_resources,              # documents used; publishers
    assemble.fundings,
)


def extract_text(source: Source) -> Extraction:
    """Extract events, organisations, persons, roles, resources, projects and
    fundings from ``source.text`` (first line = title)."""
    doc = Doc(source=source)
    for stage in STAGES:
        stage(doc)
    return assemble.extraction(doc)
