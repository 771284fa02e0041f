"""Date mentions in press releases: single dates, ranges and month-years.

Handles English, French, Spanish, Portuguese, numeric dates (day first: "27/05/2024",
"27-29.05.2024"; month first only when the day could not be a month), Arabic
(Gregorian and Levantine month names, including the "كانون 2" style) and
Kurdish Sorani month names, with ASCII,
Arabic-Indic (U+0660-0669) and Extended Arabic-Indic (U+06F0-06F9) digits.

Matching runs on a *folded* copy of the text made with ``str.translate``
using one-character-to-one-character mappings only, so every offset found in
the folded text is also an offset into the original: evidence spans stay
exact. Impossible dates ("31 February 2024") are skipped, never raised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DateMention", "find_dates", "parse_date", "parse_date_range",
    "fold", "MONTHS",
]

# --------------------------------------------------------------------------
# Month tables. Keys are written as a reader would spell them; they are folded
# (see ``fold``) before use, so Arabic/Persian letter variants and accents on
# capitals need not be listed twice.
# --------------------------------------------------------------------------

ENGLISH_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

FRENCH_MONTHS = {
    # Accented and unaccented spellings both occur in web copy.
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
    "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}

SPANISH_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
}

PORTUGUESE_MONTHS = {
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6,
    "julho": 7, "setembro": 9, "outubro": 10, "dezembro": 12,
    # (abril, agosto, novembro: as in Spanish or shared above)
    "novembro": 11,
}

ARABIC_MONTHS = {
    # Gregorian month names as used in Egypt and the Gulf.
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8,
    "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine/Iraqi (Syriac-derived) names, used in Iraq.
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12,
    # Short Levantine forms: "كانون 2" is January, "تشرين 1" is October.
    "كانون 2": 1, "كانون 1": 12, "تشرين 1": 10, "تشرين 2": 11,
}

SORANI_MONTHS = {
    # Kurdish (Sorani) names used in Iraqi Kurdistan; they follow the
    # Levantine calendar ("second Kanun" = January).
    "کانوونی دووەم": 1, "کانونی دووەم": 1, "شوبات": 2, "ئازار": 3,
    "نیسان": 4, "ئایار": 5, "مایس": 5, "حوزەیران": 6, "تەمموز": 7,
    "تەموز": 7, "ئاب": 8, "ئەیلوول": 9, "ئەیلول": 9, "تشرینی یەکەم": 10,
    "تشرینی دووەم": 11, "کانوونی یەکەم": 12, "کانونی یەکەم": 12,
    "کانوونی 2": 1, "کانوونی 1": 12, "تشرینی 1": 10, "تشرینی 2": 11,
}

# --------------------------------------------------------------------------
# Folding: one character in, one character out (offsets are preserved).
# --------------------------------------------------------------------------

_FOLD = {}
for _i in range(10):
    _FOLD[0x0660 + _i] = str(_i)        # Arabic-Indic digits
    _FOLD[0x06F0 + _i] = str(_i)        # Extended Arabic-Indic (Persian/Kurdish)
_FOLD.update({
    ord("ي"): "ی", ord("ى"): "ی", ord("ئ"): "ئ",   # yeh variants -> Farsi yeh
    ord("ك"): "ک",                                  # Arabic kaf -> keheh
    ord("أ"): "ا", ord("إ"): "ا", ord("آ"): "ا",    # hamza/madda on alef
    ord("ة"): "ە", ord("ه"): "ە",                   # heh / teh marbuta / ae
    ord("\u00a0"): " ", ord("\u202f"): " ",         # no-break spaces
    ord("\u200c"): " ", ord("\u200f"): " ", ord("\u200e"): " ",  # ZWNJ, RLM, LRM
})
_FOLD_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """Return ``text`` with digits and Arabic-script letter variants folded.

    The result has exactly the same length, so offsets carry over.
    """
    return text.translate(_FOLD_TABLE)


MONTHS: dict[str, int] = {}
for _table in (ENGLISH_MONTHS, FRENCH_MONTHS, SPANISH_MONTHS, PORTUGUESE_MONTHS, ARABIC_MONTHS, SORANI_MONTHS):
    for _name, _num in _table.items():
        MONTHS[fold(_name).lower()] = _num


def _month_alternation() -> str:
    # Longest first so "كانون الثاني" wins over a bare prefix; spaces in
    # multi-word names match any run of whitespace.
    names = sorted(MONTHS, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)


_M = rf"(?:{_month_alternation()})"
# A cheap first-character test in front of the long month alternation, so
# the regex engine skips most positions at once (speed, not semantics).
_MONTH_INITIALS = "".join(sorted({c for n in MONTHS for c in (n[0], n[0].upper())}))
_M = rf"(?=[{re.escape(_MONTH_INITIALS)}]){_M}"
# A month name must not be glued to other letters ("Mayor", "Marshall"); an
# English abbreviation may carry a full stop ("Dec.").
_MONTH = rf"(?<![^\W\d_])(?P<{{g}}>{_M})(?:\.|ی)?(?![^\W\d_])"
_DAY = r"(?<!\d)(?P<{g}>[0-3]?\d)(?:st|nd|rd|th|er|ی)?(?!\d)"
_YEAR = r"(?<!\d)(?P<{g}>(?:19|20)\d\d)(?!\d)"
_DASH = r"\s*[-‐‑‒–—]\s*"
# Range connectors: dashes and words in the four languages.
# ("Monday, 6 October, and Tuesday, 7 October": a comma may close the first date)
_TO = fold(rf"(?:{_DASH}|,?\s+(?:and|et|y|e)\s+|\s+(?:to|until|till|through|au|à|al|a|até|hasta\s+el|إلى|الى|حتى|لغاية|"
            rf"تا|بۆ|هەتا)\s+)")
# Without a year, only words that cannot join two single dates make a range
# ("27 June to 1 July", not "3 May and 5 June").
_TO_STRICT = fold(rf"(?:{_DASH}|\s+(?:to|until|till|through|au|à|al|a|até|hasta\s+el)\s+)")
_OF = r"(?:\s+of|\s+de)?"    # "3rd of December", "20 de septiembre"
_YSEP = r"(?:\s*,\s*|\s+de\s+|\s+)"   # "May 6-8, 2025" / "9-11 November, 2020" / "septiembre de 2023"


# A weekday may stand before the day: "du lundi 24 au vendredi 28 janvier 2022", "Tuesday, 3 May".
_WEEKDAY = (r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
            r"vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
            r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira)\s*,?\s+)?")


def _d(g):
    return _WEEKDAY + _DAY.format(g=g)


def _m(g):
    return _MONTH.format(g=g)


def _y(g):
    return _YEAR.format(g=g)


# Order matters: longer forms first so a range is not read as two singles.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(p, re.I)) for kind, p in [
    # 3 December 2024 to 5 January 2025 / 25 June - 15 July 2021
    ("d_m_y?_d_m_y", rf"{_d('d1')}{_OF}\s+{_m('m1')}(?:{_YSEP}{_y('y1')})?{_TO}"
                     rf"{_d('d2')}{_OF}\s+{_m('m2')}{_YSEP}{_y('y2')}"),
    # December 3, 2024 - January 5, 2025 / June 25 - July 15, 2021
    ("m_d_y?_m_d_y", rf"{_m('m1')}\s+{_d('d1')}(?:{_YSEP}{_y('y1')})?{_TO}"
                     rf"{_m('m2')}\s+{_d('d2')}{_YSEP}{_y('y2')}"),
    # 27 June to 1 July / du 27 juin au 1er juillet (the year from the article)
    ("d_m_y?_d_m_y", rf"{_d('d1')}{_OF}\s+{_m('m1')}{_TO_STRICT}{_d('d2')}{_OF}\s+{_m('m2')}(?![\s,]*(?:19|20)\d\d)"),
    # June 27 to July 1
    ("m_d_y?_m_d_y", rf"{_m('m1')}\s+{_d('d1')}{_TO_STRICT}{_m('m2')}\s+{_d('d2')}(?![\s,]*(?:19|20)\d\d)"),
    # 03 to 05 December 2024 / 6–8 May 2025 / 22 au 26 mars 2021 / 11-13 June
    ("d_d_m_y?", rf"{_d('d1')}{_TO}{_d('d2')}{_OF}\s+{_m('m1')}(?:{_YSEP}{_y('y1')})?"),
    # May 6-8, 2025 / May 9 – 11, 2018
    ("m_d_d_y?", rf"{_m('m1')}\s+{_d('d1')}{_TO}{_d('d2')}(?:{_YSEP}{_y('y1')})?"),
    # ISO 2018-05-09 (also glued to a label: "Date2018-05-09")
    ("iso", r"(?<!\d)(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)(?!\d)"),
    # Numeric, day first as written outside the United States: 27-29.05.2024, 27/05/2024
    # (with dots only two-digit days and months: "1.05.2024" is more likely a version)
    ("num", rf"(?<![\d./])(?:(?P<d1>[0-3]?\d)(?:{_TO}(?P<d2>[0-3]?\d))?/(?P<m1>[01]?\d)/"
            rf"|(?P<dd1>[0-3]\d)(?:{_TO}(?P<dd2>[0-3]\d))?\.(?P<mm1>[01]\d)\.)"
            r"(?P<y1>(?:19|20)\d\d)(?![\d/]|\.\d)"),
    # 27-May-2011
    ("d-m-y", rf"{_d('d1')}-{_m('m1')}-{_y('y1')}"),
    # 15 May 2025 / 1er mars 2021 / ١٥ ئایار ٢٠٢٥ / 3rd of December, 2024
    ("d_m_y?", rf"{_d('d1')}{_OF}\s+{_m('m1')}(?:{_YSEP}{_y('y1')})?"),
    # May 15, 2025
    ("m_d_y", rf"{_m('m1')}\s+{_d('d1')}{_YSEP}{_y('y1')}"),
    # May 2025 / novembre 2020
    ("m_y", rf"{_m('m1')}{_YSEP}{_y('y1')}"),
]]


# Every pattern but ISO holds a month name: they are run only in windows
# around the month names found (wide enough for "3 December 2024 to
# 5 January 2025"), which spares scanning the rest of a long text nine times.
_ANY_MONTH = re.compile(_MONTH.format(g="m"), re.I)
_WINDOW = 48


def _windows(folded: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _ANY_MONTH.finditer(folded):
        lo, hi = max(0, m.start() - _WINDOW), min(len(folded), m.end() + _WINDOW)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


@dataclass(frozen=True)
class DateMention:
    """A date or date range found in a text.

    ``start``/``end`` index the original text; ``first``/``last`` are equal
    for a single day. ``precision`` is "day" or "month" (a month-year gives
    the first and last day of the month). ``year_given`` is False when the
    year was supplied by ``default_year``.
    """

    start: int
    end: int
    text: str
    first: date
    last: date
    precision: str
    year_given: bool = True

    @property
    def is_range(self) -> bool:
        return self.first != self.last and self.precision == "day"


def _month_number(name: str | None) -> int | None:
    if name is None:
        return None
    if name.isdigit():
        return int(name)
    return MONTHS.get(" ".join(name.lower().split()))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


_INVALID = "invalid"   # well-formed but impossible: the span is used up, no date


def _build(kind: str, gd: dict, default_year: int | None):
    """Turn a match's groups into (first, last, precision, year_given) or None."""
    if gd.get("dd1"):                  # the dotted spelling of a numeric date
        gd = {**gd, "d1": gd["dd1"], "d2": gd.get("dd2"), "m1": gd["mm1"]}
    if kind == "num" and int(gd["m1"]) > 12 >= int(gd["d1"]) and not gd.get("d2"):
        gd = {**gd, "d1": gd["m1"], "m1": gd["d1"]}   # "5/13/2024": written month first
    m1 = _month_number(gd.get("m1"))
    m2 = _month_number(gd.get("m2")) or m1
    y2 = gd.get("y2")
    y1 = gd.get("y1") or y2
    year_given = y1 is not None
    if y1 is None:
        # Without a year, a lower-case English month is most likely a verb or
        # a word ("15 may attend"); English writes month names capitalised.
        raw = (gd.get("m1") or "").strip()
        if default_year is None or (raw.islower() and raw in ENGLISH_MONTHS):
            return None
        y1 = y2 = default_year
    y1 = int(y1)
    y2 = int(y2) if y2 else y1
    if m1 is None:
        return None
    if kind == "m_y":
        return date(y1, m1, 1), _month_end(y1, m1), "month", year_given
    first = _safe_date(y1, m1, int(gd["d1"]))
    if first is None:
        return _INVALID
    if gd.get("d2") is None:
        return first, first, "day", year_given
    last = _safe_date(y2, m2, int(gd["d2"]))
    if last is None or last < first:
        # "3 December to 5 January 2025": the first year was left implicit.
        if last is not None and gd.get("y1") is None and last.year == first.year:
            first = _safe_date(first.year - 1, first.month, first.day)
            if first is not None and first <= last:
                return first, last, "day", year_given
        return _INVALID
    return first, last, "day", year_given


def find_dates(text: str, *, default_year: int | None = None,
               infer_year: bool = False) -> list[DateMention]:
    """All date mentions in ``text``, in order, without overlaps.

    Mentions without a year ("from 11-13 June") are returned only when a
    year is known: ``default_year``, or with ``infer_year`` the most common
    year among the mentions that state one (falling back to
    ``default_year``). Invalid dates are skipped.
    """
    folded = fold(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    yearless: list[tuple[str, re.Match]] = []
    windows = _windows(folded)
    for kind, rx in _PATTERNS:
        spans = [(0, len(folded))] if kind in ("iso", "num") else windows
        for m in (m for lo, hi in spans for m in rx.finditer(folded, lo, hi)):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            gd = m.groupdict()
            if infer_year and not (gd.get("y1") or gd.get("y2")):
                # Keep the span: a shorter pattern must not read part of it.
                taken.append((s, e))
                yearless.append((kind, m))
                continue
            built = _build(kind, gd, default_year)
            if built is None:
                continue
            # An impossible date still claims its span, so "31 February 2024"
            # is not re-read as the month "February 2024".
            taken.append((s, e))
            if built is _INVALID:
                continue
            first, last, precision, year_given = built
            found.append(DateMention(s, e, text[s:e], first, last, precision, year_given))
    if yearless:
        years = Counter(d.first.year for d in found)
        year = years.most_common(1)[0][0] if years else default_year
        for kind, m in yearless:
            built = _build(kind, m.groupdict(), _weekday_year(folded, m, kind, year, default_year, years) or year)
            if built is not None and built is not _INVALID:
                first, last, precision, _ = built
                found.append(DateMention(m.start(), m.end(), text[m.start():m.end()],
                                         first, last, precision, False))
    found.sort(key=lambda d: d.start)
    return found


_WEEKDAY_BEFORE = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
                             r"vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|sabado|domingo)\W{0,2}\s*"
                             r"(?:the\s+|le\s+|el\s+)?\Z", re.I)
_WEEKDAY_AT = re.compile(_WEEKDAY_BEFORE.pattern.split(r"\W{0,2}")[0] + r"\b", re.I)
_WEEKDAY_NUMBER = {w: i % 7 for i, w in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miercoles jueves viernes sabado domingo".split())}


def _weekday_year(folded: str, m: re.Match, kind: str, year, default_year, years: Counter) -> int | None:
    """The year a yearless date's weekday fits ("on Tuesday, 25 November": the year in
    which 25 November is a Tuesday), among the article's years and the publication
    year's neighbours; None without a weekday or a fit."""
    wd = _WEEKDAY_BEFORE.search(folded, max(0, m.start() - 16), m.start()) \
        or _WEEKDAY_AT.match(folded, m.start(), m.end())      # (the mention may hold its weekday)
    if wd is None:
        return None
    want = _WEEKDAY_NUMBER[wd.group(1).lower()]
    base = [y for y in (year, default_year) if y]
    candidates = list(dict.fromkeys(base + [y for b in base for y in (b - 1, b + 1)] + list(years)))
    for y in candidates:
        built = _build(kind, m.groupdict(), y)
        if built is not None and built is not _INVALID and built[0].weekday() == want:
            return y
    return None


def parse_date(text: str, *, default_year: int | None = None) -> date | None:
    """The first day-precision date in ``text`` (a range gives its start), or None."""
    for m in find_dates(text, default_year=default_year):
        if m.precision == "day":
            return m.first
    return None


def parse_date_range(text: str, *, default_year: int | None = None) -> tuple[date, date] | None:
    """(first, last) of the first day-precision mention in ``text``, or None."""
    for m in find_dates(text, default_year=default_year):
        if m.precision == "day":
            return m.first, m.last
    return None
