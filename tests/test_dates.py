"""Date parsing: single dates, ranges, month-years, Arabic-script digits and months."""

from datetime import date

import pytest

from cthr.loaders.dates import find_dates, fold, parse_date, parse_date_range


@pytest.mark.parametrize("text, first, last", [
    ("From 03 to 05 December 2024, trainers met", date(2024, 12, 3), date(2024, 12, 5)),
    ("3 - 5 December 2024", date(2024, 12, 3), date(2024, 12, 5)),
    ("Baghdad, 6–8 May 2025 – The", date(2025, 5, 6), date(2025, 5, 8)),
    ("3 December 2024 to 5 January 2025", date(2024, 12, 3), date(2025, 1, 5)),
    ("3 December to 5 January 2025", date(2024, 12, 3), date(2025, 1, 5)),
    ("25 June - 15 July 2021", date(2021, 6, 25), date(2021, 7, 15)),
    ("May 6-8, 2025", date(2025, 5, 6), date(2025, 5, 8)),
    ("from May 9 – 11, 2018 under", date(2018, 5, 9), date(2018, 5, 11)),
    ("in Testville from 9-11 November, 2020 with", date(2020, 11, 9), date(2020, 11, 11)),
    ("held 26 and 27 November 2014 in Testville", date(2014, 11, 26), date(2014, 11, 27)),
    ("du 22 au 26 mars 2021.", date(2021, 3, 22), date(2021, 3, 26)),
])
def test_ranges(text, first, last):
    assert parse_date_range(text) == (first, last)
    (m,) = [d for d in find_dates(text) if d.precision == "day"]
    assert m.is_range
    assert text[m.start:m.end] == m.text        # spans index the original text


@pytest.mark.parametrize("text, expected", [
    ("15 May 2025", date(2025, 5, 15)),
    ("May 15, 2025", date(2025, 5, 15)),
    ("1er mars 2021", date(2021, 3, 1)),
    ("29 Avril 2021", date(2021, 4, 29)),
    ("27-May-2011 2:41 PM", date(2011, 5, 27)),
    ("Starting Date2018-05-09 Ending", date(2018, 5, 9)),
    ("Dec. 3, 2024", date(2024, 12, 3)),
    ("29 February 2024", date(2024, 2, 29)),
    # Kurdish (Sorani) month, Arabic-Indic digits: the seed's dateline.
    ("١٥ ئایار ٢٠٢٥", date(2025, 5, 15)),
    # Extended Arabic-Indic (Persian/Kurdish) digits.
    ("۱۵ ئایار ۲۰۲۵", date(2025, 5, 15)),
    # Arabic with Arabic yeh/kaf letter variants and Levantine month names.
    ("١٥ أيار ٢٠٢٥", date(2025, 5, 15)),
    ("3 كانون الثاني 2024", date(2024, 1, 3)),
    ("15 كانون 2 2025", date(2025, 1, 15)),
    ("10 تشرين الأول 2023", date(2023, 10, 10)),
    ("٢ کانوونی یەکەم ٢٠٢٤", date(2024, 12, 2)),
    ("٧ حزيران ٢٠٢٢", date(2022, 6, 7)),
    ("20 يناير 2020", date(2020, 1, 20)),
])
def test_single_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "31 February 2024", "30 February - 2 March 2024", "5 - 3 May 2024",
    "31 April 2023", "0 May 2024", "resolution 1325 (2000) for 2025–2030",
    "Tool 1 and Tool 2", "", "the 15 may attend",
])
def test_invalid_or_absent_dates_give_nothing(text):
    assert parse_date(text) is None
    assert parse_date_range(text) is None
    assert all(d.precision != "day" for d in find_dates(text))


def test_invalid_day_does_not_fall_back_to_month():
    # "31 February 2024" is impossible: no month-year is read out of it either.
    assert find_dates("31 February 2024") == []


def test_month_year_precision():
    (m,) = find_dates("Nairobi, Kenya - June 2018 : 25 officers")
    assert m.precision == "month"
    assert (m.first, m.last) == (date(2018, 6, 1), date(2018, 6, 30))
    assert not m.is_range
    (m,) = find_dates("la session de Testville de novembre 2020")
    assert (m.first, m.last) == (date(2020, 11, 1), date(2020, 11, 30))


def test_yearless_mentions_need_a_year():
    text = "from 11-13 June in Nairobi"
    assert find_dates(text) == []
    (m,) = find_dates(text, default_year=2018)
    assert (m.first, m.last, m.year_given) == (date(2018, 6, 11), date(2018, 6, 13), False)


def test_infer_year_uses_the_articles_year():
    text = "Nairobi, Kenya - June 2018. The workshop ran from 11-13 June in Nairobi."
    days = [d for d in find_dates(text, infer_year=True) if d.precision == "day"]
    assert [(d.first, d.last) for d in days] == [(date(2018, 6, 11), date(2018, 6, 13))]


def test_fold_preserves_length_and_maps_digits():
    s = "١٥ ئایار ٢٠٢٥ / ۱۲۳ كانون"
    assert len(fold(s)) == len(s)
    assert fold("١٥")[:2] == "15" and fold("۲۰۲۵") == "2025"


def test_several_mentions_in_order_without_overlap():
    text = "Published 15 May 2025. The workshop ran 6–8 May 2025 and a follow-up in June 2025."
    got = [(d.text, d.precision) for d in find_dates(text)]
    assert got == [("15 May 2025", "day"), ("6–8 May 2025", "day"), ("June 2025", "month")]


@pytest.mark.parametrize("text, first, last", [
    ("du 27 juin au 1er juillet", date(2022, 6, 27), date(2022, 7, 1)),
    ("from 28 February to 2 March", date(2022, 2, 28), date(2022, 3, 2)),
    ("June 27 – July 1", date(2022, 6, 27), date(2022, 7, 1)),
])
def test_a_range_across_months_without_a_year(text, first, last):
    found = find_dates(text, default_year=2022)
    assert [(d.first, d.last) for d in found] == [(first, last)]


def test_two_dates_joined_by_and_without_a_year_stay_two():
    assert len(find_dates("on 3 May and 5 June", default_year=2022)) == 2


@pytest.mark.parametrize("text, first, last", [
    ("held on 27/05/2024 in Testville", date(2024, 5, 27), date(2024, 5, 27)),
    ("from 27 to 29.05.2024", date(2024, 5, 27), date(2024, 5, 29)),
    ("on 27-29/05/2024", date(2024, 5, 27), date(2024, 5, 29)),
    ("on 5/13/2024 (written month first)", date(2024, 5, 13), date(2024, 5, 13)),
    ("del 18 al 20 de septiembre de 2023", date(2023, 9, 18), date(2023, 9, 20)),
    ("el 3 de mayo de 2024", date(2024, 5, 3), date(2024, 5, 3)),
])
def test_numeric_and_spanish_dates(text, first, last):
    got = [d for d in find_dates(text) if d.precision == "day"]
    assert (got[0].first, got[0].last) == (first, last)


@pytest.mark.parametrize("text", ["version 1.05.2024 of the tool", "page 12/34/2024", "ratio 3/4/2025.5"])
def test_numbers_that_are_not_numeric_dates(text):
    assert all(d.precision != "day" for d in find_dates(text))


@pytest.mark.parametrize("text, day", [
    ("The judges met on Tuesday, 25 November, in Accra. A second meeting is planned for March 2026.",
     date(2025, 11, 25)),
    ("Le mardi 25 novembre, les juges se sont réunis. Une autre réunion aura lieu en mars 2026.", date(2025, 11, 25)),
])
def test_a_yearless_date_with_its_weekday_takes_the_year_the_weekday_fits(text, day):
    assert find_dates(text, infer_year=True)[0].first == day


@pytest.mark.parametrize("text, first, last", [
    ("de 3 a 5 de março de 2025", date(2025, 3, 3), date(2025, 3, 5)),
    ("na segunda-feira, 6 de outubro de 2025", date(2025, 10, 6), date(2025, 10, 6)),
    ("on Monday, 6 October, and Tuesday, 7 October 2025, at the campus", date(2025, 10, 6), date(2025, 10, 7)),
])
def test_portuguese_dates_and_two_days_joined_after_a_comma(text, first, last):
    (d,) = find_dates(text)
    assert (d.first, d.last) == (first, last)


def test_two_dates_a_comma_and_an_article_apart_are_two_dates():
    dates = find_dates("On 3 March 2024, a 12 May 2024 deadline was set.")
    assert [(d.first, d.last) for d in dates] == [(date(2024, 3, 3), date(2024, 3, 3)), (date(2024, 5, 12), date(2024, 5, 12))]
