"""Vietnamese writing of money, numbers, dates and quarters, in Python and through template filters."""
import datetime

import pytest
from django.template import Context, Template

from core.formatting import (
    format_date,
    format_long_date,
    format_money,
    format_number,
    format_percent,
    format_place_date,
    format_quarter,
    parse_date,
    parse_money,
    parse_quantity,
    plan_title_without_kind,
)


def test_money_and_numbers():
    assert format_money(177_400_000) == "177.400.000 đ"
    assert format_money(0) == "0 đ"
    assert format_money(None) == ""
    assert format_number(460_400_000) == "460.400.000"
    assert format_number(999) == "999"
    assert format_number(-1_500) == "-1.500"


@pytest.mark.parametrize("day, short, long", [
    (datetime.date(2026, 3, 5), "05/03/2026", "ngày 05 tháng 3 năm 2026"),
    (datetime.date(2021, 1, 20), "20/01/2021", "ngày 20 tháng 01 năm 2021"),
    (datetime.date(2021, 2, 9), "09/02/2021", "ngày 09 tháng 02 năm 2021"),
    (datetime.date(2022, 9, 6), "06/09/2022", "ngày 06 tháng 9 năm 2022"),
    (datetime.date(2021, 12, 31), "31/12/2021", "ngày 31 tháng 12 năm 2021"),
])
def test_dates(day, short, long):
    assert format_date(day) == short
    assert format_long_date(day) == long


def test_place_date_and_quarter_and_percent():
    assert format_place_date("Lạng Sơn", datetime.date(2026, 3, 5)) == "Lạng Sơn, ngày 05 tháng 3 năm 2026"
    assert format_quarter(2021, 4) == "Quý IV/2021"
    assert format_percent(87.5) == "87,5%"
    assert format_percent(100) == "100%"
    assert format_percent(1 / 3) == "0,3%"


@pytest.mark.parametrize("typed, value", [
    ("177.400.000", 177_400_000), ("177400000", 177_400_000), ("177,400,000", 177_400_000),
    ("177.400.000 đ", 177_400_000), (" 3.000.000 đồng ", 3_000_000), ("0", 0),
])
def test_money_as_typed(typed, value):
    assert parse_money(typed) == value


@pytest.mark.parametrize("typed, message", [
    ("", "Chưa nhập"), ("-5", "không được âm"), ("1.5", "số nguyên"), ("mười triệu", "số nguyên"),
    ("177.40.000", "số nguyên"),
])
def test_bad_money_is_explained(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_money(typed)


def test_quantities_and_dates_as_typed():
    assert parse_quantity("80.000") == 80_000
    assert parse_quantity("10") == 10
    with pytest.raises(ValueError, match="số nguyên"):
        parse_quantity("2,5")
    assert parse_date("5/3/2026") == datetime.date(2026, 3, 5)
    with pytest.raises(ValueError, match="không có thật"):
        parse_date("31/02/2026")
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        parse_date("2026-03-05")


def test_template_filters():
    html = Template(
        "{{ amount|money }}|{{ day|vndate }}|{{ day|vnlongdate }}|{{ 2021|quarter_label:4 }}|{{ share|percent }}"
    ).render(Context({"amount": 177_400_000, "day": datetime.date(2026, 3, 5), "share": 87.5}))
    assert html == "177.400.000 đ|05/03/2026|ngày 05 tháng 3 năm 2026|Quý IV/2021|87,5%"


@pytest.mark.parametrize(("typed", "kept"), [
    ("Kế hoạch triển khai công tác trợ giúp pháp lý năm 2027", "Triển khai công tác trợ giúp pháp lý năm 2027"),
    ("KẾ HOẠCH: tập huấn nghiệp vụ", "Tập huấn nghiệp vụ"),
    ("Ke hoach tap huan", "Tap huan"),
    ("  Kế   hoạch   thực hiện Đề án 1", "Thực hiện Đề án 1"),
    ("Triển khai kế hoạch số 10/KH-STP", "Triển khai kế hoạch số 10/KH-STP"),
    ("Kế hoạch", "Kế hoạch"),
    ("Kế hoạchthử", "Kế hoạchthử"),
    ("", ""),
])
def test_a_plan_title_does_not_repeat_ke_hoach(typed, kept):
    assert plan_title_without_kind(typed) == kept


def test_percent_sits_right_after_the_number():
    assert format_percent(81.5) == "81,5%"
    assert format_percent(0) == "0%"
    assert format_percent(None) == ""


def test_citations_in_the_house_style():
    from core.formatting import format_citation

    assert format_citation("Luật", "11/2017/QH14", datetime.date(2017, 6, 20), "", "Trợ giúp pháp lý") == (
        "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017")
    assert format_citation("Quyết định", "2584/QĐ-BTP", datetime.date(2020, 12, 25), "Bộ trưởng Bộ Tư pháp",
                           "phê duyệt Kế hoạch") == (
        "Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của Bộ trưởng Bộ Tư pháp phê duyệt Kế hoạch")
    assert format_citation("Bộ luật", "", None, "", "Hình sự") == "Bộ luật Hình sự"
    assert format_citation("", "12/CV", datetime.date(2021, 1, 5)) == "Văn bản số 12/CV ngày 5/1/2021"
