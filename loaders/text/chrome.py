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
# A page's labels anywhere in the text: its tags and categories ("Tags: Interpol, Europol")
# and who posted it ("Posted on 3 May 2024 by Communications Team"): no facts of the article.
LABEL_LINE = re.compile(r"^[ \t]*(?:tags?|keywords?|topics?|categor(?:y|ies)|filed[ \t]+under|mots[- ]clés|"
                        r"étiquettes?|thématiques?|etiquetas?|palabras[ \t]+clave|temas?)[ \t]*:[^\n]*$", re.I | re.M)
BYLINE = re.compile(r"^[ \t]*(?:(?:posted|published|written|publié|publiée|publicado|publicada)\b[^\n]{0,60}?[ \t])?"
                    r"(?:by|par|por)[ \t]+[^\n]{1,60}$", re.I | re.M)
# A menu or breadcrumb line: three or more short items between separators.
_NAV_LINE = re.compile(r"^\s*[^|>»/\n]{1,40}(?:\s+[|>»/›]\s+[^|>»/\n]{1,40}){2,}\s*$")
# A footer line, however long: "Name · Address · © 2024 · Privacy policy".
FOOTER_LINE = re.compile(r"©|\ball rights reserved\b|\bprivacy (?:policy|notice)\b|\bterms of use\b|"
                         r"\bthis (?:web ?site|page) is (?:funded|supported|maintained)\b|\bmentions légales\b|"
                         r"\btous droits réservés\b|\btodos los derechos reservados\b", re.I)
# A heading above a page's list of other stories: everything after it is chrome.
RELATED_HEADING = re.compile(r"^\s*(?:related|latest|more|other|recent|similar)\s+(?:news|articles|stories|posts|"
                             r"content|items|press releases|updates)\s*:?\s*$|^\s*(?:see|read) also\s*:?\s*$|"
                             r"^\s*(?:à lire aussi|lire aussi|voir aussi|dans la même rubrique|actualités liées|"
                             r"articles? similaires?|noticias relacionadas|también te puede interesar)\s*:?\s*$", re.I)
_LEAD_LINES = 16


def _menu_item(line: str) -> bool:
    """A link label of a menu: one to three words, no sentence punctuation."""
    return 0 < len(line.split()) <= 3 and not re.search(r"[.,;:!?–—-]\s|[.!?]$|\d{4}", line)


def leading_chrome_end(text: str) -> int:
    """Offset of the first line that is not page chrome, among the first few
    lines (0 if the text opens with the article): links, breadcrumbs, and a
    run of three or more menu labels ("Home", "About us", "What we do")."""
    lines = [m for n, m in zip(range(_LEAD_LINES), re.finditer(r"[^\n]*(?:\n|$)", text)) if m.start() < len(text)]
    menu = [_menu_item(m.group().strip()) for m in lines]
    # Runs of three or more menu labels with a navigation word among them.
    in_menu = [False] * len(lines)
    n = 0
    while n < len(lines):
        k = n
        while k < len(lines) and menu[k]:
            k += 1
        if k - n >= 3 and any(BOILERPLATE_LINE.match(m.group().strip()) or _NAV_WORD.match(m.group().strip())
                              for m in lines[n:k]):
            in_menu[n:k] = [True] * (k - n)
        n = k + 1
    pos = 0
    for n, m in enumerate(lines):
        line = m.group().strip()
        if line and not (BOILERPLATE_LINE.match(line) or _NAV_LINE.match(line) or in_menu[n]):
            return pos
        pos = m.end()
    return 0


_NAV_WORD = re.compile(r"^(?:about(?: us)?|news|contact|who we are|what we do|our work|resources|publications|"
                       r"media|events|à propos|qui sommes-nous|actualités|nous contacter|quiénes somos|noticias|"
                       r"contacto|inicio)$", re.I)
