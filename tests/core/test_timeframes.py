"""Every time phrase of the five plan documents, and more, read into start / due / recurrence (docs/periods.md)."""
import datetime
import json

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from core.timeframes import Recurrence, parse_timeframe

D = datetime.date

CASES = [
    # text, plan year, plan end year, start, due, recurrence
    ("Cả năm 2021", 2021, None, D(2021, 1, 1), D(2021, 12, 31), "none"),
    ("Cả năm 2021.", 2021, None, D(2021, 1, 1), D(2021, 12, 31), "none"),
    ("Quý IV", 2022, None, D(2022, 10, 1), D(2022, 12, 31), "none"),
    ("Quý IV.", 2022, None, D(2022, 10, 1), D(2022, 12, 31), "none"),
    ("Quý IV năm 2021", 2022, None, D(2021, 10, 1), D(2021, 12, 31), "none"),
    ("Quý II - III năm 2021", 2021, None, D(2021, 4, 1), D(2021, 9, 30), "none"),
    ("Quý II – Quý III năm 2021", None, None, D(2021, 4, 1), D(2021, 9, 30), "none"),
    ("Hoàn thành trong Quý III năm 2021", 2021, None, D(2021, 7, 1), D(2021, 9, 30), "none"),
    ("Hoàn thành trước Quý III năm 2021.", 2021, None, None, D(2021, 6, 30), "none"),
    ("Tháng 01/2021", 2021, None, D(2021, 1, 1), D(2021, 1, 31), "none"),
    ("tháng 2 năm 2024", None, None, D(2024, 2, 1), D(2024, 2, 29), "none"),
    ("Từ tháng 3 đến tháng 5 năm 2021", None, None, D(2021, 3, 1), D(2021, 5, 31), "none"),
    ("năm 2014", 2013, 2020, D(2014, 1, 1), D(2014, 12, 31), "none"),
    ("năm 2014.", 2013, 2020, D(2014, 1, 1), D(2014, 12, 31), "none"),
    ("2014 - 2020", 2013, 2020, D(2014, 1, 1), D(2020, 12, 31), "none"),
    ("2014 - 2020.", 2013, 2020, D(2014, 1, 1), D(2020, 12, 31), "none"),
    ("Hằng năm", 2013, 2020, D(2013, 1, 1), D(2020, 12, 31), "yearly"),
    ("Hằng năm.", 2013, 2020, D(2013, 1, 1), D(2020, 12, 31), "yearly"),
    ("Hàng năm", 2021, None, D(2021, 1, 1), None, "yearly"),
    ("Lần 1: năm 2014; bổ sung lần 2 năm 2017", 2013, 2020, D(2014, 1, 1), D(2017, 12, 31), "none"),
    ("Lần 1: năm 2014; bổ sung lần 2 năm 2017.", 2013, 2020, D(2014, 1, 1), D(2017, 12, 31), "none"),
    ("Năm 2021 và những năm tiếp theo", 2021, None, D(2021, 1, 1), None, "yearly"),
    ("Năm 2021 và những năm tiếp theo.", 2021, None, D(2021, 1, 1), None, "yearly"),
    ("định kỳ bài/ tuần", 2021, None, D(2021, 1, 1), None, "weekly"),
    ("định kỳ bài/ tuần", None, None, None, None, "weekly"),
    ("Hằng quý", 2021, 2021, D(2021, 1, 1), D(2021, 12, 31), "quarterly"),
    ("6 tháng đầu năm 2021", None, None, D(2021, 1, 1), D(2021, 6, 30), "none"),
    ("6 tháng cuối năm", 2021, None, D(2021, 7, 1), D(2021, 12, 31), "none"),
    ("Từ 01/04/2021 đến 30/09/2021", None, None, D(2021, 4, 1), D(2021, 9, 30), "none"),
    # "trước ngày X" is due ON X: in administrative practice work handed in on X is on time.
    ("trước ngày 15/12/2021", None, None, None, D(2021, 12, 15), "none"),
    ("Hoàn thành trước ngày 15/12/2021", None, None, None, D(2021, 12, 15), "none"),
    ("Chậm nhất ngày 30/6/2021", None, None, None, D(2021, 6, 30), "none"),
    ("trước ngày 15/12", 2021, None, None, D(2021, 12, 15), "none"),
    ("QUY IV NAM 2021", None, None, D(2021, 10, 1), D(2021, 12, 31), "none"),
    ("Thường xuyên", 2021, None, D(2021, 1, 1), D(2021, 12, 31), "none"),
]


# The families users write beyond the seeds, each with its spellings (issue #15).
FAMILIES = {
    "quarter spellings": [
        ("Quí III/2019", None, None, D(2019, 7, 1), D(2019, 9, 30), "none"),
        ("Qúy II năm 2022", None, None, D(2022, 4, 1), D(2022, 6, 30), "none"),
        ("quí 4", 2023, None, D(2023, 10, 1), D(2023, 12, 31), "none"),
        ("Quý 3/2018", None, None, D(2018, 7, 1), D(2018, 9, 30), "none"),
        ("Quý 2 - Quý 4 năm 2020", None, None, D(2020, 4, 1), D(2020, 12, 31), "none"),
    ],
    "months of a year": [
        ("9 tháng đầu năm 2019", None, None, D(2019, 1, 1), D(2019, 9, 30), "none"),
        ("9 tháng đầu năm", 2024, None, D(2024, 1, 1), D(2024, 9, 30), "none"),
        ("6 tháng cuối năm 2014", None, None, D(2014, 7, 1), D(2014, 12, 31), "none"),
        ("Sáu tháng đầu năm", 2020, None, D(2020, 1, 1), D(2020, 6, 30), "none"),
        ("3 tháng cuối năm", 2020, None, D(2020, 10, 1), D(2020, 12, 31), "none"),
    ],
    "until the end of the year": [
        ("Từ tháng 3 đến hết năm 2021", None, None, D(2021, 3, 1), D(2021, 12, 31), "none"),
        ("Từ tháng 5/2016 đến hết năm 2016", None, None, D(2016, 5, 1), D(2016, 12, 31), "none"),
        ("từ tháng 4 đến hết năm", 2026, None, D(2026, 4, 1), D(2026, 12, 31), "none"),
        ("Từ Quý II đến hết năm 2023", None, None, D(2023, 4, 1), D(2023, 12, 31), "none"),
        ("Từ tháng 9/2021 đến hết tháng 3/2022", None, None, D(2021, 9, 1), D(2022, 3, 31), "none"),
    ],
    "day dates": [
        ("Ngày 30/6/2020", None, None, D(2020, 6, 30), D(2020, 6, 30), "none"),
        ("15/5/2018", None, None, D(2018, 5, 15), D(2018, 5, 15), "none"),
        ("ngày 20/11", 2025, None, D(2025, 11, 20), D(2025, 11, 20), "none"),
        ("ngày 15 tháng 3 năm 2019", None, None, D(2019, 3, 15), D(2019, 3, 15), "none"),
        ("từ ngày 01/10/2022 đến ngày 30/11/2022", None, None, D(2022, 10, 1), D(2022, 11, 30), "none"),
    ],
    "whole year": [
        ("Cả năm", 2022, None, D(2022, 1, 1), D(2022, 12, 31), "none"),
        ("Cả năm", 2016, 2020, D(2016, 1, 1), D(2020, 12, 31), "none"),
    ],
}


@pytest.mark.parametrize("text, year, end_year, start, due, recurrence",
                         [case for cases in FAMILIES.values() for case in cases])
def test_families_of_time_words(text, year, end_year, start, due, recurrence):
    reading = parse_timeframe(text, year=year, end_year=end_year)
    assert reading.understood, text
    assert (reading.start, reading.due, reading.recurrence) == (start, due, recurrence)


@pytest.mark.parametrize("text, year", [
    ("Cả năm", None),                      # no year anywhere
    ("10 tháng giữa năm 2021", 2021),      # not a span offices write
    ("đến hết", 2021),
    ("trước ngày 31/02/2021", 2021),
    ("Từ tháng 3 đến hết năm 2021 tùy kinh phí", 2021),
])
def test_family_lookalikes_are_flagged_not_guessed(text, year):
    reading = parse_timeframe(text, year=year)
    assert not reading.understood
    assert (reading.start, reading.due) == (None, None)


@pytest.mark.parametrize("text, year, end_year, start, due, recurrence", CASES)
def test_phrase_is_read(text, year, end_year, start, due, recurrence):
    reading = parse_timeframe(text, year=year, end_year=end_year)
    assert reading.understood, text
    assert (reading.start, reading.due, reading.recurrence) == (start, due, recurrence)
    assert reading.text == text


@pytest.mark.parametrize("text, year", [
    ("theo hướng dẫn của Trung ương", 2013),
    ("Quý IV", None),  # no year anywhere: not guessed
    ("", 2021),
    ("   ", 2021),
    ("Quý V năm 2021", 2021),
    ("tháng 13/2021", 2021),
    ("31/02/2021", 2021),
    ("2020 - 2014", 2014),
    ("khi có kinh phí", 2021),
    ("Quý IV năm 2021, tùy tình hình", 2021),  # a reading that ignores words would be a guess
])
def test_unreadable_words_are_kept_and_flagged(text, year):
    reading = parse_timeframe(text, year=year)
    assert not reading.understood
    assert (reading.start, reading.due, reading.recurrence) == (None, None, Recurrence.NONE)
    assert reading.text == text
    assert "Chưa đọc được" in reading.describe()


def test_description_is_in_plain_vietnamese():
    assert parse_timeframe("Quý II - III năm 2021").describe() == "Từ 01/04/2021 đến 30/09/2021"
    assert parse_timeframe("Hoàn thành trước Quý III năm 2021").describe() == "Hạn hoàn thành 30/06/2021"
    assert parse_timeframe("Năm 2021 và những năm tiếp theo").describe() == (
        "Từ 01/01/2021, không có hạn kết thúc; lặp lại hằng năm"
    )


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=80), year=st.one_of(st.none(), st.integers(min_value=-5, max_value=99999)))
def test_any_string_returns_without_raising(text, year):
    reading = parse_timeframe(text, year=year)
    assert reading.text == text
    if reading.start and reading.due:
        assert reading.start <= reading.due


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from([
        "Quý", "IV", "II", "-", "III", "năm", "2021", "tháng", "01/2021", "trước", "hoàn thành", "trong",
        "Hằng năm", "và những năm tiếp theo", "lần 2", ";", "15/12/2021", "đến", "từ", "2014 - 2020", "/ tuần",
    ]), max_size=8),
    year=st.integers(min_value=1990, max_value=2100),
)
def test_time_like_word_salad_never_raises(words, year):
    reading = parse_timeframe(" ".join(words), year=year, end_year=year + 4)
    if reading.start and reading.due:
        assert reading.start <= reading.due


def test_command_prints_one_json_object_per_phrase(capsys):
    call_command("parse_timeframe", "--year", "2022", "Quý IV", "theo hướng dẫn của Trung ương")
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"text": "Quý IV", "start": "2022-10-01", "due": "2022-12-31", "recurrence": "none", "understood": True},
        {"text": "theo hướng dẫn của Trung ương", "start": None, "due": None, "recurrence": "none",
         "understood": False},
    ]


def test_command_end_year_bounds_repetition(capsys):
    call_command("parse_timeframe", "--year", "2013", "--end-year", "2020", "Hằng năm")
    assert json.loads(capsys.readouterr().out) == {
        "text": "Hằng năm", "start": "2013-01-01", "due": "2020-12-31", "recurrence": "yearly", "understood": True,
    }
