"""Page chrome in a text: the lines of a web page that are not the article.

A press release copied from a web page may open with the site's links
("Skip to main content", "Home | About | News", "Home > News > 2024") and end
with its share buttons and related stories. Such lines are labels and links,
not sentences; nothing in them is a fact of the article.
"""

from __future__ import annotations

import re

BOILERPLATE_LINE = re.compile(
    r"^\s*(?:send a message(?: to)?|hidden|name|e-?mail|subject|message|submit|"
    r"share(?: this(?: page| article)?)?|print|tweet|related(?: news| articles| stories| content)?|"
    r"tags?:?.*|read more|back to top|cookies?.*|skip to .*|menu|search|home|"
    r"follow us.*|subscribe.*|newsletter|contact us|copyright.*|©.*|all rights reserved.*|"
    r"partager|imprimer|retour en haut|lire (?:la )?suite|mots-clés.*|articles? liés?|"
    r"aller au contenu.*|accueil|rechercher)\s*$", re.I)
# A picture's credit ("Photo: UNICEF/J. Doe", "Photo credit: ©ICRC", "Crédit photo : ONUDC"):
# the rest of its line names who took the picture, not who took part.
CREDIT = re.compile(r"(?:\b(?:photos?|pictures?|images?|photo\s+credits?|crédits?\s+photos?|credits?)\s*:|©)[^\n]*",
                    re.I)
# A menu or breadcrumb line: three or more short items between separators.
_NAV_LINE = re.compile(r"^\s*[^|>»/\n]{1,40}(?:\s+[|>»/›]\s+[^|>»/\n]{1,40}){2,}\s*$")
_LEAD_LINES = 8


def leading_chrome_end(text: str) -> int:
    """Offset of the first line that is not page chrome, among the first few
    lines (0 if the text opens with the article)."""
    pos = 0
    for n, m in enumerate(re.finditer(r"[^\n]*(?:\n|$)", text)):
        line = m.group().strip()
        if n >= _LEAD_LINES or m.start() >= len(text):
            break
        if line and not (BOILERPLATE_LINE.match(line) or _NAV_LINE.match(line)):
            return pos
        pos = m.end()
    return 0
