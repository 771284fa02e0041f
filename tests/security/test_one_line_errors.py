"""Hostile values give one short error line, never a traceback or a line as long as the value.

Issue 13: an integer parameter over 4,300 digits ended in a Python traceback
(CLI) and a 500 (HTTP); `cthr validate` on ill-typed literals printed
rdflib's "Failed to convert Literal lexical form" tracebacks; an error line
repeated the whole offending value (a 100 KB parameter gave a 100 KB line).
"""

from __future__ import annotations

import urllib.parse

import pytest

from helpers import Server, assert_one_error, cli

HUGE = "9" * 4301
LONG = "x" * 100_000


@pytest.mark.parametrize("param,value,needle", [
    ("min", HUGE, "out of range"),
    ("min", "-" + HUGE, "out of range"),
    ("min", "1" + "0" * 19, "out of range"),              # just past 64 bits
    ("min", LONG, "is not a whole number"),
    ("min", "12\x1b[31m", "is not a whole number"),       # an escape sequence, shown escaped
    ("min", "[bold red]9[/]", "is not a whole number"),   # console markup, shown as text
], ids=["4301-digits", "negative-4301-digits", "over-64-bits", "100KB", "escape", "markup"])
def test_bad_integer_parameters_in_the_cli(records_build, tmp_path, param, value, needle):
    result = cli("query", "frequent-attendees", "--param", f"{param}={value}", "--store",
                 records_build / "store", cwd=tmp_path)
    line = assert_one_error(result.returncode, result.stderr, needle, max_len=400)
    assert "\x1b" not in result.stderr
    if value.startswith("[bold red]"):
        assert "[bold red]9[/]" in line


@pytest.mark.parametrize("param,value,needle", [
    ("from", LONG, "is not a date"),
    ("from", "2024-02-30", "is not a date"),
])
def test_bad_date_parameters_in_the_cli(records_build, tmp_path, param, value, needle):
    result = cli("query", "events-in-range", "--param", f"{param}={value}", "--store", records_build / "store",
                 cwd=tmp_path)
    assert_one_error(result.returncode, result.stderr, needle, max_len=400)


def test_a_long_unknown_parameter_name_and_a_long_bad_pair(records_build, tmp_path):
    result = cli("query", "events-in-range", "--param", f"{LONG}=1", "--store", records_build / "store", cwd=tmp_path)
    assert_one_error(result.returncode, result.stderr, "unknown parameter", "100,000 characters", max_len=400)
    result = cli("query", "events-in-range", "--param", LONG, "--store", records_build / "store", cwd=tmp_path)
    assert_one_error(result.returncode, result.stderr, "expected key=value", max_len=400)


def test_a_long_organisation_name_that_matches_nothing(records_build, tmp_path):
    result = cli("query", "co-attendance", "--param", f"org={LONG}", "--store", records_build / "store", cwd=tmp_path)
    assert_one_error(result.returncode, result.stderr, "no organisation is named", max_len=400)


@pytest.fixture(scope="module")
def server(records_build, tmp_path_factory):
    srv = Server("--store", records_build / "store", cwd=tmp_path_factory.mktemp("one-line"))
    yield srv
    srv.stop()


@pytest.mark.parametrize("query,value", [
    ("frequent-attendees", {"min": HUGE}),
    ("frequent-attendees", {"min": LONG}),
    ("events-in-range", {"from": LONG}),
    ("events-in-range", {LONG: "1"}),
    ("co-attendance", {"org": LONG}),
], ids=["4301-digits", "100KB-integer", "100KB-date", "100KB-name", "100KB-org"])
def test_bad_parameters_over_http_are_400_in_one_short_line(server, query, value):
    status, _, body = server.request(f"/stored/{query}", urllib.parse.urlencode(value).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400, body[:300]
    assert body.count("\n") == 1 and len(body) < 600, body[:600]
    assert server.alive


ILL_TYPED = """@prefix cthr: <https://w3id.org/cthr/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/cthr/id/event/x> a cthr:Event ; rdfs:label "An invented workshop"@en ;
    cthr:startDate "2024-13-45"^^xsd:date ; cthr:endDate "yesterday"^^xsd:date ;
    cthr:participantCount "{huge}"^^xsd:integer .
"""


@pytest.mark.parametrize("engine", ["store", "pyshacl"])
def test_validate_reports_ill_typed_literals_without_tracebacks(tmp_path, engine):
    (tmp_path / "ill.ttl").write_text(ILL_TYPED.format(huge=HUGE), encoding="utf-8")
    result = cli("validate", "ill.ttl", "--engine", engine, cwd=tmp_path)
    assert result.returncode == 1                              # it does not conform
    assert "DOES NOT CONFORM" in result.stdout and "2024-13-45" in result.stdout
    assert "Traceback" not in result.stderr and "Failed to convert" not in result.stderr, result.stderr[:2000]
