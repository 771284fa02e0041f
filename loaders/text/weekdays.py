"""Event days named by weekday: "took part on Tuesday and Wednesday", "held from
Tuesday to Thursday this week", "s'est tenu mardi", dated from the article's own
day (its dateline or publication date).

A weekday names the last such day on or before the article's day: a release
dated Friday 24 January that says "on Tuesday" means 21 January. A weekday
followed by a day number ("Tuesday 21 January") is a full date, read by the
date parser; one after "next" is still to come and is not read.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .doc import Doc

_DAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6,
}
_DAY = "|".join(_DAYS)
_NAMED = re.compile(
    rf"(?<!\bnext\s)(?<!\bprochain\s)\b(?P<a>{_DAY})\b(?:\s+(?:and|to|until|through|et|au|à|y|al|a)\s+(?P<b>{_DAY})\b)?"
    rf"(?!,?\s*\d)", re.I)


def on_dateline(doc: Doc, pos: int) -> bool:
    """Is `pos` in the dateline or the date written with it ("BEIRUT (Friday, 24 January
    2025) –", "Nairobi, Friday 14 March 2025 –"), before the dash that opens the text?"""
    if not doc.dateline or pos < doc.dateline[0]:
        return False
    between = doc.text[doc.dateline[1]:pos]
    return pos < doc.dateline[1] or (len(between) < 45 and "\n" not in between and not re.search(r"\s[–—-]\s", between))


def days_named(doc: Doc, anchor: date, lo: int, sentences: int = 3) -> tuple[date, date, str, int] | None:
    """(first day, last day, the words, their offset) of the first weekday phrase in the
    first `sentences` sentences of the body from `lo`, dated back from `anchor`."""
    text = doc.text
    body = [(s, e) for s, e in doc.sents if e > lo][:sentences]
    for s, e in body:
        for m in _NAMED.finditer(text, max(s, lo), e):
            if on_dateline(doc, m.start()):
                continue              # "BEIRUT (Friday, 24 January 2025)": the article's own day
            first = anchor - timedelta(days=(anchor.weekday() - _DAYS[m.group("a").lower()]) % 7)
            last = first
            if m.group("b"):
                last = first + timedelta(days=(_DAYS[m.group("b").lower()] - first.weekday()) % 7)
            if last > anchor:
                continue
            return first, last, m.group(), m.start()
    return None
