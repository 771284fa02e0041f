"""Deterministic synthetic corpus for benchmarks: press releases and curated records.

    python bench/synth.py --articles 500 --records 2000 --out /tmp/corpus [--seed 7]

writes ``OUT/texts/*.txt`` (+ ``sources.yaml`` sidecar with URL and
publisher) shaped like ``corpus/seeds/*.txt`` (title, date line in varied
formats, city line, organisers written "Full Name (ACR)", ministry lists,
persons with honorifics and posts, "funded by X", "X Toolkit on ...",
participant counts) and ``OUT/records/`` files in the schema of
docs/records.md: YAML files and CSV pairs (``NAME.events.csv`` +
``NAME.participations.csv``), ``--per-file`` events each.

Entities are reused with a Zipf-like law (weight 1/rank^1.1): a few central
bodies (the seed texts' UNOCT, OHCHR, EUAM, ONSA, ...) attend a large share
of events while a long tail appears once or twice, so co-attendance, the
network report and organisation-centred queries have realistic work to do.
The same seed always gives the same bytes (random.Random, no clock, no hash
randomisation).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary
# The head of the Zipf ranking: bodies named in the seed press releases, so
# the stored queries' examples (ONSA, EU, IIJ) find them in synthetic graphs.
CENTRAL = [
    ("United Nations Office of Counter-Terrorism", "UNOCT", "un"),
    ("Office of the National Security Advisory", "ONSA", "government"),
    ("UN Human Rights Office of the High Commissioner", "OHCHR", "un"),
    ("European Union Advisory Mission in Iraq", "EUAM", "eu"),
    ("International Institute for Justice and the Rule of Law", "IIJ", "intergovernmental"),
    ("UN Assistance Mission for Iraq", "UNAMI", "un"),
    ("National Center for International Judicial Cooperation", "NCIJC", "government"),
    ("United Nations Office on Drugs and Crime", "UNODC", "un"),
    ("Global Counterterrorism Forum", "GCTF", "intergovernmental"),
    ("Organization for Security and Co-operation in Europe", "OSCE", "intergovernmental"),
    ("Counter-Terrorism Committee Executive Directorate", "CTED", "un"),
    ("European Union Delegation to Iraq", None, "eu"),
]
COUNTRIES = {
    "Iraq": ["Baghdad", "Erbil", "Basra"], "Jordan": ["Amman"], "Lebanon": ["Beirut"],
    "Tunisia": ["Tunis"], "Morocco": ["Rabat"], "Egypt": ["Cairo"], "Kenya": ["Nairobi", "Mombasa"],
    "Nigeria": ["Abuja", "Lagos"], "Mali": ["Bamako"], "Niger": ["Niamey"], "Senegal": ["Dakar"],
    "Ghana": ["Accra"], "Uganda": ["Kampala"], "Ethiopia": ["Addis Ababa"], "Somalia": ["Mogadishu"],
    "Pakistan": ["Islamabad"], "Indonesia": ["Jakarta"], "Philippines": ["Manila"],
    "Kazakhstan": ["Astana"], "Uzbekistan": ["Tashkent"], "Kyrgyzstan": ["Bishkek"],
    "Tajikistan": ["Dushanbe"], "Austria": ["Vienna"], "Belgium": ["Brussels"],
    "Switzerland": ["Geneva"], "Netherlands": ["The Hague"], "Malta": ["Valletta"],
}
DONORS = ["the European Union", "Canada", "Germany", "Japan", "Norway", "the Netherlands",
          "Denmark", "Switzerland", "the United Kingdom", "Sweden", "Australia", "Spain"]
BODY_KINDS = ["Commission", "Council", "Agency", "Directorate", "Institute", "Centre",
              "Committee", "Authority", "Office", "Academy", "Bureau", "Service"]
BODY_ADJ = ["National", "Federal", "Independent", "High", "Supreme", "Central", "Regional", "Joint"]
TOPICS = ["Human Rights", "Counter-Terrorism", "Judicial Training", "Prison Reform",
          "Border Security", "Victims of Terrorism", "Rule of Law", "Criminal Justice",
          "Prevention of Violent Extremism", "Police Oversight", "Legal Aid", "Data Protection",
          "Juvenile Justice", "Financial Intelligence", "Detention Monitoring", "Gender Equality"]
MINISTRIES = ["Justice", "Interior", "Foreign Affairs", "Defence", "Planning", "Trade",
              "Labour & Social Affairs", "Higher Education & Scientific Research", "Communications",
              "Migration & Displaced", "Finance", "Health", "Education", "Youth and Sports"]
CIVIL = ["Civil Rights Network", "Human Rights Watch Group", "Legal Aid Foundation",
         "Centre for Democracy Studies", "Women Peace Association", "Youth Dialogue Forum"]
FIRST = ["Amina", "Omar", "Leila", "Karim", "Sara", "Hassan", "Maria", "John", "Fatima", "Ali",
         "Elena", "Ahmed", "Nadia", "Pierre", "Grace", "Samuel", "Yusuf", "Ingrid", "Tomas", "Mariam",
         "Daniel", "Aisha", "Rashid", "Helen", "Ibrahim", "Lucia", "Musa", "Anna", "Khalid", "Rania"]
LAST = ["Haddad", "Mansour", "Okafor", "Schmidt", "Rossi", "Kamau", "Diallo", "Hussein", "Larsen",
        "Novak", "Farouk", "Tanaka", "Mendes", "Osei", "Petrova", "Aziz", "Khan", "Dubois", "Nasser",
        "Mwangi", "Ibrahimi", "Lindqvist", "Moreau", "Sayed", "Bakr", "Kovacs", "Ndiaye", "Rahman"]
HONORIFICS = ["Mr.", "Ms.", "Dr.", "H.E. Mr.", "H.E. Ms.", "Judge", "Prof.", "Major General"]
POSTS = ["Director", "Head", "President", "Secretary", "Senior Adviser", "Programme Manager",
         "Project Lead", "Deputy Director", "Chief Prosecutor", "Legal Officer", "Coordinator"]
EVENT_KINDS = [("workshop", "workshop"), ("training", "training course"),
               ("capacity-building", "capacity-building activity"), ("seminar", "seminar"),
               ("conference", "conference"), ("meeting", "expert meeting")]
RESOURCE_TOPICS = ["Rights-Based Review of National Security Legislation",
                   "Gender and Counter-Terrorism", "Human Rights-Compliant Screening",
                   "Oversight of Intelligence Services", "Rights of Victims of Terrorism",
                   "Fair Trial Standards in Terrorism Cases", "Detention of Terrorism Suspects",
                   "Engaging Civil Society in Prevention"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


# --------------------------------------------------------------------------- entities
@dataclass(frozen=True)
class Org:
    name: str
    acronym: str | None
    kind: str | None


@dataclass(frozen=True)
class Person:
    name: str
    honorific: str
    post: str
    org: Org


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


class Zipf:
    """Draw items with weight 1/rank**s (rank 1 is the most frequent)."""

    def __init__(self, items: list, s: float = 1.1):
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (r ** s) for r in range(1, len(items) + 1)))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]

    def sample(self, rng: random.Random, k: int) -> list:
        """k distinct items (fewer if the pool is small)."""
        seen: dict = {}
        for _ in range(k * 4):
            if len(seen) >= k:
                break
            item = self.draw(rng)
            seen.setdefault(item, None)
        return list(seen)


def _universe(rng: random.Random, n_orgs: int, n_persons: int):
    orgs = [Org(n, a, k) for n, a, k in CENTRAL]
    seen_names = {o.name for o in orgs}
    seen_acr = {o.acronym for o in orgs if o.acronym}
    # Synthetic bodies: "National Commission for Human Rights of Kenya (NCHRK)".
    for adj, kind, topic, country in itertools.product(BODY_ADJ, BODY_KINDS, TOPICS, sorted(COUNTRIES)):
        if len(orgs) >= n_orgs:
            break
        if rng.random() < 0.6:
            continue
        name = f"{adj} {kind} for {topic} of {country}"
        acr = _acronym(name)
        if name in seen_names:
            continue
        seen_names.add(name)
        # Acronyms collide across bodies in real life too; keep only unique ones so
        # the text extractor's "Name (ACR)" definitions stay unambiguous.
        orgs.append(Org(name, acr if acr not in seen_acr and rng.random() < 0.7 else None, None))
        seen_acr.add(acr)
    central, tail = orgs[:len(CENTRAL)], orgs[len(CENTRAL):]
    rng.shuffle(tail)
    orgs = central + tail
    persons = []
    names = set()
    org_z = Zipf(orgs, 0.9)
    while len(persons) < n_persons:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.5:
            name = f"{rng.choice(FIRST)} {name}"
        if name in names:
            continue
        names.add(name)
        persons.append(Person(name, rng.choice(HONORIFICS), rng.choice(POSTS), org_z.draw(rng)))
    return orgs, persons


# --------------------------------------------------------------------------- events
@dataclass
class SynthEvent:
    key: str
    title: str
    start: date
    end: date
    city: str
    country: str
    kind: tuple[str, str]
    organisers: list[Org]
    host: Org | None
    partners: list[Org]
    participants: list[Org]
    ministries: list[str]
    persons: list[tuple[Person, str]]      # (person, role: opener|speaker|chair)
    funder: str | None
    project: str | None
    count: int | None
    qualifier: str
    resource: tuple[str, Org] | None


class World:
    def __init__(self, seed: int, n_events: int):
        self.rng = random.Random(seed)
        n_orgs = max(60, min(20000, n_events // 2))
        n_persons = max(80, min(40000, n_events))
        self.orgs, self.persons = _universe(self.rng, n_orgs, n_persons)
        self.org_z = Zipf(self.orgs)
        self.person_z = Zipf(self.persons, 0.8)
        self.projects = [f"{o.acronym or _acronym(o.name)} {t} Project" for o, t in
                         zip(self.orgs[:40], itertools.cycle(TOPICS))]
        self.project_z = Zipf(self.projects)
        self.donor_z = Zipf(DONORS)
        self.countries = sorted(COUNTRIES)
        self.country_z = Zipf(self.countries, 0.8)
        # Dates + place identify an event across sources (graph/mapping.py), so two
        # synthetic events must never share them: a clash would merge them.
        self._used: set[tuple] = set()

    def event(self, i: int, prefix: str) -> SynthEvent:
        rng = self.rng
        while True:
            start = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 16 * 365))
            days = rng.choice([1, 1, 2, 3, 3, 5])
            end = start + timedelta(days=days - 1)
            country = self.country_z.draw(rng)
            city = rng.choice(COUNTRIES[country])
            if (start, end, city) not in self._used:
                self._used.add((start, end, city))
                break
        kind = rng.choice(EVENT_KINDS)
        topic = rng.choice(TOPICS)
        title = rng.choice([
            f"Strengthening {topic} in {country}",
            f"{topic} and Counter-Terrorism: a {kind[1].title()} for {country}",
            f"Integrating {topic} into Counter-Terrorism Responses",
            f"Regional Dialogue on {topic} and the Rule of Law",
        ]) + f" ({i})"   # titles repeat in real life; the number keeps events distinct
        orgs = self.org_z.sample(rng, rng.randint(4, 9))
        organisers, rest = orgs[:rng.randint(1, 2)], orgs[2:]
        host = rest.pop(0) if rest and rng.random() < 0.6 else None
        partners, participants = rest[:1], rest[1:]
        persons = []
        for role in ("opener", "speaker", "speaker", "chair")[:rng.randint(1, 4)]:
            persons.append((self.person_z.draw(rng), role))
        persons = list({p.name: (p, r) for p, r in persons}.values())
        funder = self.donor_z.draw(rng) if rng.random() < 0.8 else None
        project = self.project_z.draw(rng) if rng.random() < 0.7 else None
        res = None
        if rng.random() < 0.5:
            res = (rng.choice(RESOURCE_TOPICS), self.org_z.draw(rng))
        return SynthEvent(
            key=f"{prefix}-{i:06d}", title=title, start=start, end=end, city=city, country=country,
            kind=kind, organisers=organisers, host=host, partners=partners, participants=participants,
            ministries=sorted(rng.sample(MINISTRIES, rng.randint(0, 5))), persons=persons,
            funder=funder, project=project,
            count=rng.randint(8, 120) if rng.random() < 0.85 else None,
            qualifier=rng.choice(["exact", "exact", "approximate", "at least"]), resource=res)


# --------------------------------------------------------------------------- press releases
def _date_line(rng: random.Random, e: SynthEvent) -> str:
    s, t = e.start, e.end
    m, y = MONTHS[s.month - 1], s.year
    if s == t:
        return rng.choice([f"{s.day} {m} {y}", f"{m} {s.day}, {y}", s.isoformat()])
    if s.month == t.month:
        return rng.choice([f"{s.day} - {t.day} {m} {y}", f"{s.day}–{t.day} {m} {y}",
                           f"{m} {s.day}-{t.day}, {y}"])
    return f"{s.day} {m} - {t.day} {MONTHS[t.month - 1]} {t.year}"


def _from_to(rng: random.Random, e: SynthEvent) -> str:
    s, t = e.start, e.end
    m = MONTHS[s.month - 1]
    if s == t:
        return f"On {s.day} {m} {s.year}"
    if s.month == t.month:
        return rng.choice([f"From {s.day:02d} to {t.day:02d} {m} {s.year}",
                           f"Between {s.day} and {t.day} {m} {s.year}"])
    return f"From {s.day} {m} to {t.day} {MONTHS[t.month - 1]} {t.year}"


def _full(o: Org) -> str:
    return f"the {o.name} ({o.acronym})" if o.acronym else f"the {o.name}"


def _short(o: Org) -> str:
    return f"the {o.acronym}" if o.acronym else f"the {o.name}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def article(rng: random.Random, e: SynthEvent) -> str:
    days = (e.end - e.start).days + 1
    length = f"{NUMBERS.get(days, str(days))}-day " if days > 1 else ""
    lines = [e.title, "", _date_line(rng, e), f"{e.city}, {e.country}", ""]
    lead = (f"{_from_to(rng, e)}, {_full(e.organisers[0])} held a {length}{e.kind[1]} in {e.city}, "
            f"{e.country}, focused on “{e.title}.”")
    if len(e.organisers) > 1:
        lead += f" The event was organised in collaboration with {_full(e.organisers[1])}."
    if e.host:
        lead += f" It was hosted by {_full(e.host)} at its premises."
    if e.partners:
        lead += f" {_full(e.partners[0])[0].upper()}{_full(e.partners[0])[1:]} partnered in its delivery."
    lines += [lead, ""]
    if e.project or e.funder:
        parts = []
        if e.project:
            parts.append(f"delivered under the {e.project}")
        if e.funder:
            parts.append(f"funded by {e.funder}")
        lines += [f"The {e.kind[1]} was {' and '.join(parts)}.", ""]
    openers = [(p, r) for p, r in e.persons if r == "opener"]
    if openers:
        p = openers[0][0]
        lines += [f"The {e.kind[1]} was officially opened by {p.honorific} {p.name}, "
                  f"{p.post} of {_full(p.org)}.", ""]
    if e.count is not None or e.participants or e.ministries:
        q = {"exact": "", "approximate": "around ", "at least": "at least "}[e.qualifier]
        who = [_full(o) for o in e.participants]
        if e.ministries:
            who.insert(0, "officials from the Ministries of " + ", of ".join(e.ministries[:-1])
                       + (", and of " if len(e.ministries) > 1 else "") + e.ministries[-1]
                       if len(e.ministries) > 1 else f"officials from the Ministry of {e.ministries[0]}")
        head = f"Over the course of the programme, {q}{e.count} practitioners and experts took part" \
            if e.count is not None else "Practitioners and experts took part"
        lines += [head + (f", including {_and(who)}." if who else "."), ""]
    for p, role in e.persons:
        if role == "speaker":
            lines += [f"{p.honorific} {p.name}, {p.post} at {_short(p.org)}, gave a presentation on "
                      f"{rng.choice(TOPICS).lower()} in counter-terrorism.", ""]
        elif role == "chair":
            lines += [f"The closing session was chaired by {p.honorific} {p.name}, {p.post} of "
                      f"{_full(p.org)}.", ""]
    if e.resource:
        topic, publisher = e.resource
        acr = publisher.acronym or publisher.name
        lines += [f"Trainers drew throughout on the {acr} Toolkit on {topic}.", ""]
    lines.append("The group closed with a short list of recommendations for the next round of cooperation.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- records
def _record_rows(events: list[SynthEvent]):
    """(organisations, persons, participations, projects, fundings, resources) of a record file."""
    orgs: dict[str, Org] = {}
    persons: dict[str, Person] = {}
    parts, fundings, resources, projects = [], [], [], {}
    for e in events:
        roles: dict[str, list[str]] = {}
        for o in e.organisers:
            roles.setdefault(o.name, []).append("organiser")
        if e.host:
            roles.setdefault(e.host.name, []).append("host")
        for o in e.partners:
            roles.setdefault(o.name, []).append("partner")
        for o in e.participants:
            roles.setdefault(o.name, []).append("participant")
        for o in [*e.organisers, *([e.host] if e.host else []), *e.partners, *e.participants]:
            orgs[o.name] = o
        for name, rs in roles.items():
            parts.append({"event": e.key, "agent": name, "agent_kind": "organisation",
                          "roles": sorted(set(rs)), "on_behalf_of": None})
        for p, role in e.persons:
            persons[p.name] = p
            orgs[p.org.name] = p.org
            parts.append({"event": e.key, "agent": p.name, "agent_kind": "person",
                          "roles": [role], "on_behalf_of": p.org.name})
        if e.project:
            projects[e.project] = None
        if e.funder:
            fundings.append({"funder": e.funder, "event": e.key})
        if e.resource:
            topic, publisher = e.resource
            orgs[publisher.name] = publisher
            resources.append({"title": f"{publisher.acronym or publisher.name} Toolkit on {topic}",
                              "publisher": publisher.name, "used_at": [e.key]})
    return orgs, persons, parts, list(projects), fundings, resources


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def records_yaml(events: list[SynthEvent], title: str) -> str:
    orgs, persons, parts, projects, fundings, resources = _record_rows(events)
    out = [f"# Synthetic curated records (bench/synth.py): {len(events)} events.",
           "source:", f"  title: {_yaml_str(title)}", "  curator: bench/synth.py", "events:"]
    for e in events:
        out += [f"  - key: {e.key}", f"    title: {_yaml_str(e.title)}",
                f"    start: {e.start.isoformat()}", f"    end: {e.end.isoformat()}",
                f"    place: {_yaml_str(e.city)}", f"    country: {_yaml_str(e.country)}",
                f"    event_type: {_yaml_str(e.kind[1])}"]
        if e.count is not None:
            out += [f"    participants_count: {e.count}", f"    count_qualifier: {e.qualifier}"]
        if e.project:
            out.append(f"    project: {_yaml_str(e.project)}")
    out.append("organisations:")
    for o in sorted(orgs.values(), key=lambda o: o.name):
        line = f"  - {{name: {_yaml_str(o.name)}"
        if o.acronym:
            line += f", acronym: {o.acronym}"
        if o.kind:
            line += f", kind: {o.kind}"
        out.append(line + "}")
    out.append("persons:")
    for p in sorted(persons.values(), key=lambda p: p.name):
        out.append(f"  - {{name: {_yaml_str(p.name)}, honorific: {_yaml_str(p.honorific)}, "
                   f"role: {_yaml_str(p.post)}, organisation: {_yaml_str(p.org.name)}}}")
    out.append("participations:")
    for r in parts:
        line = (f"  - {{event: {r['event']}, agent: {_yaml_str(r['agent'])}, agent_kind: {r['agent_kind']}, "
                f"roles: [{', '.join(r['roles'])}]")
        if r["on_behalf_of"]:
            line += f", on_behalf_of: {_yaml_str(r['on_behalf_of'])}"
        out.append(line + "}")
    if projects:
        out.append("projects:")
        out += [f"  - {{name: {_yaml_str(p)}}}" for p in projects]
    if fundings:
        out.append("fundings:")
        out += [f"  - {{funder: {_yaml_str(f['funder'])}, event: {f['event']}}}" for f in fundings]
    if resources:
        out.append("resources:")
        out += [f"  - {{title: {_yaml_str(r['title'])}, publisher: {_yaml_str(r['publisher'])}, "
                f"used_at: [{', '.join(r['used_at'])}]}}" for r in resources]
    return "\n".join(out) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def records_csv(events: list[SynthEvent], title: str) -> tuple[str, str]:
    """(NAME.events.csv, NAME.participations.csv) texts."""
    ev = _csv(["key", "title", "start", "end", "place", "country", "participants_count",
               "count_qualifier", "event_type", "project", "source_title"],
              [[e.key, e.title, e.start.isoformat(), e.end.isoformat(), e.city, e.country,
                "" if e.count is None else e.count, e.qualifier if e.count is not None else "",
                e.kind[1], e.project or "", title] for e in events])
    _, _, parts, _, _, _ = _record_rows(events)
    pa = _csv(["event", "agent", "agent_kind", "roles", "on_behalf_of", "source_title"],
              [[r["event"], r["agent"], r["agent_kind"], ";".join(r["roles"]), r["on_behalf_of"] or "", title]
               for r in parts])
    return ev, pa


# --------------------------------------------------------------------------- driver
def generate(out: str | Path, articles: int = 100, records: int = 0, seed: int = 7,
             per_file: int = 200, csv_share: float = 0.3) -> dict:
    """Write the corpus under `out`; returns counts. Same arguments, same bytes."""
    out = Path(out)
    world = World(seed, articles + records)
    rng = world.rng
    texts_dir, rec_dir = out / "texts", out / "records"
    files = 0
    if articles:
        texts_dir.mkdir(parents=True, exist_ok=True)
        sidecar = ["# Synthetic press releases (bench/synth.py); URLs are placeholders."]
        for i in range(articles):
            e = world.event(i, "art")
            name = f"synth-{i:06d}.txt"
            (texts_dir / name).write_text(article(rng, e), encoding="utf-8")
            publisher = e.organisers[0]
            sidecar += [f"{name}:", f"  url: https://example.org/press/{i:06d}",
                        f"  publisher: {_yaml_str(publisher.name)}", "  language: en"]
            files += 1
        (texts_dir / "sources.yaml").write_text("\n".join(sidecar) + "\n", encoding="utf-8")
    if records:
        rec_dir.mkdir(parents=True, exist_ok=True)
        for f, lo in enumerate(range(0, records, per_file)):
            events = [world.event(i, f"rec{f:04d}") for i in range(lo, min(records, lo + per_file))]
            title = f"Synthetic curated records, batch {f}"
            if rng.random() < csv_share:
                ev, pa = records_csv(events, title)
                (rec_dir / f"batch-{f:04d}.events.csv").write_text(ev, encoding="utf-8")
                (rec_dir / f"batch-{f:04d}.participations.csv").write_text(pa, encoding="utf-8")
                files += 2
            else:
                (rec_dir / f"batch-{f:04d}.yaml").write_text(records_yaml(events, title), encoding="utf-8")
                files += 1
    return {"articles": articles, "records": records, "files": files, "organisations": len(world.orgs),
            "persons": len(world.persons)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100, help="press releases to write (100 .. 50000)")
    ap.add_argument("--records", type=int, default=0, help="curated record events to write")
    ap.add_argument("--per-file", type=int, default=200, help="record events per file")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="output folder (texts/ and records/ are created)")
    args = ap.parse_args(argv)
    counts = generate(args.out, args.articles, args.records, args.seed, args.per_file)
    print(", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
