"""The plan list: filters, diacritic-blind search, sorting and pagination, scoped to the user's province."""
import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from budgets.models import BudgetLine
from core.search import fold
from plans.models import Plan, Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db

URL = reverse("plans:list")


@pytest.fixture
def ls():
    province, department, centre, branch = make_province("Lạng Sơn", "lang-son")
    people = make_people(department, centre)
    return {"province": province, "department": department, "centre": centre, "branch": branch, "people": people}


@pytest.fixture
def tv():
    province, department, centre, _ = make_province("Trà Vinh", "tra-vinh")
    return {"province": province, "department": department, "centre": centre,
            "editor": make_user("tv-editor", department, Role.EDITOR)}


@pytest.fixture
def client_ls(client, ls):
    client.force_login(ls["people"][Role.UPDATER])
    return client


def numbers(response):
    """Plan numbers on the page, in the order shown."""
    return [plan.number for plan in response.context["page"].object_list]


def add_activities(plan, total, done=0, amount=0):
    for i in range(total):
        activity = Activity.objects.create(
            plan=plan, title=f"Hoạt động {i}", position=i, status="done" if i < done else "not_started",
        )
        if amount:
            BudgetLine.objects.create(activity=activity, amount=amount)


# --- folding rule -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("Tập huấn", "tap huan"),
    ("TRỢ GIÚP PHÁP LÝ", "tro giup phap ly"),
    ("Đồng bào dân tộc thiểu số", "dong bao dan toc thieu so"),
    ("ĐẮK LẮK", "dak lak"),
    (unicodedata.normalize("NFD", "Tập huấn"), "tap huan"),  # decomposed input, as some keyboards type it
    ("19/KH-TGPL", "19/kh-tgpl"),
])
def test_fold(text, folded):
    assert fold(text) == folded


# --- year, unit, kind, status --------------------------------------------------------------------


def test_year_filter_covers_single_year_range_and_open_ended(client_ls, ls):
    p = ls["province"]
    make_plan(p, number="A-2020", start_year=2020)
    make_plan(p, number="B-2021", start_year=2021)
    make_plan(p, number="C-2021-explicit", start_year=2021, end_year=2021)
    make_plan(p, number="D-2013-2020", start_year=2013, end_year=2020)
    make_plan(p, number="E-2019-2025", start_year=2019, end_year=2025)
    make_plan(p, number="F-2021-on", start_year=2021, open_ended=True)
    make_plan(p, number="G-2022-on", start_year=2022, open_ended=True)

    assert sorted(numbers(client_ls.get(URL, {"nam": 2021}))) == [
        "B-2021", "C-2021-explicit", "E-2019-2025", "F-2021-on",
    ]
    assert sorted(numbers(client_ls.get(URL, {"nam": 2020}))) == ["A-2020", "D-2013-2020", "E-2019-2025"]
    assert sorted(numbers(client_ls.get(URL, {"nam": 2030}))) == ["F-2021-on", "G-2022-on"]
    assert numbers(client_ls.get(URL, {"nam": 2012})) == []


def test_unit_filter_and_its_choices_are_the_users_province_only(client_ls, ls, tv):
    make_plan(ls["province"], ls["department"], number="STP")
    make_plan(ls["province"], ls["centre"], number="TGPL")
    make_plan(ls["province"], None, number="NONE")

    response = client_ls.get(URL, {"don_vi": ls["centre"].pk})
    assert numbers(response) == ["TGPL"]

    choices = {unit.pk for unit in response.context["plan_filter"].form.fields["don_vi"].queryset}
    assert ls["centre"].pk in choices and ls["department"].pk in choices
    assert tv["centre"].pk not in choices and tv["department"].pk not in choices

    # Another province's unit is not a valid choice: an error, never that province's plans.
    make_plan(tv["province"], tv["centre"], number="TV-TGPL")
    response = client_ls.get(URL, {"don_vi": tv["centre"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in html
    assert "TV-TGPL" not in numbers(response)


def test_kind_and_status_filters(client_ls, ls):
    p = ls["province"]
    make_plan(p, number="annual-draft", kind=Plan.Kind.ANNUAL, status=Plan.Status.DRAFT)
    make_plan(p, number="annual-issued", kind=Plan.Kind.ANNUAL, status=Plan.Status.ISSUED)
    make_plan(p, number="programme-issued", kind=Plan.Kind.PROGRAMME, status=Plan.Status.ISSUED)
    make_plan(p, number="programme-closed", kind=Plan.Kind.PROGRAMME, status=Plan.Status.CLOSED)

    assert sorted(numbers(client_ls.get(URL, {"loai": "programme"}))) == ["programme-closed", "programme-issued"]
    assert sorted(numbers(client_ls.get(URL, {"trang_thai": "issued"}))) == ["annual-issued", "programme-issued"]
    assert numbers(client_ls.get(URL, {"loai": "annual", "trang_thai": "issued"})) == ["annual-issued"]


# --- search --------------------------------------------------------------------------------------


@pytest.fixture
def searchable(ls):
    p = ls["province"]
    make_plan(p, number="19/KH-TGPL", title="Tập huấn nâng cao kỹ năng cho người thực hiện trợ giúp pháp lý")
    make_plan(p, number="10/KH-STP", title="Triển khai công tác tư pháp năm 2021",
              purpose="Bảo đảm quyền được TRỢ GIÚP PHÁP LÝ của người dân")
    make_plan(p, number="05/KH-TGPL", title="Truyền thông về trợ giúp pháp lý cho đồng bào dân tộc thiểu số")
    make_plan(p, number="07/KH-STP", title="Kiểm tra công tác văn thư, lưu trữ")


@pytest.mark.parametrize("term, expected", [
    ("tap huan", ["19/KH-TGPL"]),
    ("Tập huấn", ["19/KH-TGPL"]),
    ("TAP HUAN", ["19/KH-TGPL"]),
    ("TRO GIUP", ["05/KH-TGPL", "10/KH-STP", "19/KH-TGPL"]),
    ("trợ giúp", ["05/KH-TGPL", "10/KH-STP", "19/KH-TGPL"]),
    ("dong bao", ["05/KH-TGPL"]),
    ("ĐỒNG BÀO", ["05/KH-TGPL"]),
    (unicodedata.normalize("NFD", "Đồng bào"), ["05/KH-TGPL"]),  # decomposed input
    ("kh-stp", ["07/KH-STP", "10/KH-STP"]),
    ("quyen duoc", ["10/KH-STP"]),  # the purpose is searched too
    ("phap ly dan toc", ["05/KH-TGPL"]),  # every word, in any order
    ("  ", ["05/KH-TGPL", "07/KH-STP", "10/KH-STP", "19/KH-TGPL"]),
    ("100%_", []),  # LIKE wildcards are searched for literally
    ("khong co gi", []),
])
def test_search_ignores_diacritics_and_case(client_ls, searchable, term, expected):
    assert sorted(numbers(client_ls.get(URL, {"q": term}))) == expected


def test_search_finds_text_stored_decomposed(client_ls, ls):
    # Text pasted from some Vietnamese keyboards arrives decomposed (base letter + combining marks).
    make_plan(ls["province"], number="NFD", title=unicodedata.normalize("NFD", "Bồi dưỡng nghiệp vụ"))
    make_plan(ls["province"], number="NFC", title="Kiểm tra")
    assert numbers(client_ls.get(URL, {"q": "boi duong"})) == ["NFD"]
    assert numbers(client_ls.get(URL, {"q": "Bồi Dưỡng"})) == ["NFD"]


def test_search_with_no_match_says_so_in_vietnamese(client_ls, searchable):
    response = client_ls.get(URL, {"q": "không có gì"})
    html = response.content.decode()
    assert "Không có kế hoạch nào khớp với điều kiện lọc" in html
    assert "Chưa có kế hoạch nào trong tỉnh" not in html
    # The typed term stays in the box.
    assert 'value="không có gì"' in html


def test_search_result_count_is_shown(client_ls, searchable):
    html = client_ls.get(URL, {"q": "tro giup"}).content.decode()
    assert "Tìm thấy 3 kế hoạch" in html


# --- sorting -------------------------------------------------------------------------------------


@pytest.fixture
def sortable(ls):
    p = ls["province"]
    a = make_plan(p, number="01/KH", title="Bồi dưỡng nghiệp vụ", issued_on="2021-03-01", start_year=2021)
    b = make_plan(p, number="02/KH", title="Đánh giá chất lượng vụ việc", issued_on="2021-01-15", start_year=2021)
    make_plan(p, number="03/KH", title="Ánh sáng pháp luật", issued_on=None, start_year=2022)
    d = make_plan(p, number="04/KH", title="Truyền thông", issued_on="2020-12-20", start_year=2021)
    add_activities(a, 4, done=1, amount=1_000_000)   # 25 %, 4.000.000
    add_activities(b, 2, done=2, amount=500_000)     # 100 %, 1.000.000
    add_activities(d, 2, done=1, amount=10_000_000)  # 50 %, 20.000.000
    # c has no activities: 0 %, 0 đ


@pytest.mark.parametrize("order, expected", [
    ("ngay", ["04/KH", "02/KH", "01/KH", "03/KH"]),  # no date: last either way
    ("-ngay", ["01/KH", "02/KH", "04/KH", "03/KH"]),
    ("so", ["01/KH", "02/KH", "03/KH", "04/KH"]),
    ("-so", ["04/KH", "03/KH", "02/KH", "01/KH"]),
    ("trich_yeu", ["03/KH", "01/KH", "02/KH", "04/KH"]),  # Ánh, Bồi, Đánh, Truyền: Đ sorts as D
    ("-trich_yeu", ["04/KH", "02/KH", "01/KH", "03/KH"]),
    ("hoan_thanh", ["03/KH", "01/KH", "04/KH", "02/KH"]),
    ("-hoan_thanh", ["02/KH", "04/KH", "01/KH", "03/KH"]),
    ("kinh_phi", ["03/KH", "02/KH", "01/KH", "04/KH"]),
    ("-kinh_phi", ["04/KH", "01/KH", "02/KH", "03/KH"]),
])
def test_sorting(client_ls, sortable, order, expected):
    assert numbers(client_ls.get(URL, {"sap_xep": order})) == expected


def test_sort_choices_have_vietnamese_labels(client_ls, sortable):
    html = client_ls.get(URL).content.decode()
    for label in ["Sắp xếp", "Ngày ban hành: mới trước", "Tổng kinh phí: cao → thấp", "Tỷ lệ hoàn thành: thấp → cao"]:
        assert label in html, label


def test_summary_columns_are_shown(client_ls, sortable):
    html = client_ls.get(URL, {"sap_xep": "-kinh_phi"}).content.decode()
    assert "20.000.000 đ" in html and "50%" in html and "100%" in html


# --- pagination ----------------------------------------------------------------------------------


def test_pagination_keeps_filters_and_sorting(client_ls, ls):
    for i in range(30):
        make_plan(ls["province"], number=f"{i:02d}/KH-TGPL", title=f"Tập huấn đợt {i}")
    for i in range(5):
        make_plan(ls["province"], number=f"{i:02d}/KH-STP", title=f"Kiểm tra đợt {i}")

    response = client_ls.get(URL, {"q": "tap huan", "sap_xep": "-so"})
    assert response.context["page"].paginator.count == 30
    assert numbers(response)[:2] == ["29/KH-TGPL", "28/KH-TGPL"]
    next_link = re.search(r'href="([^"]*)" rel="next"', response.content.decode()).group(1).replace("&amp;", "&")
    assert "q=tap+huan" in next_link and "sap_xep=-so" in next_link and "trang=2" in next_link

    second = client_ls.get(URL + next_link)
    assert numbers(second) == ["04/KH-TGPL", "03/KH-TGPL", "02/KH-TGPL", "01/KH-TGPL", "00/KH-TGPL"]
    prev_link = re.search(r'href="([^"]*)" rel="prev"', second.content.decode()).group(1).replace("&amp;", "&")
    assert "q=tap+huan" in prev_link and "sap_xep=-so" in prev_link and "trang=1" in prev_link


# --- access --------------------------------------------------------------------------------------


def test_other_province_plans_never_appear(client, ls, tv):
    make_plan(ls["province"], ls["centre"], number="LS-1", title="Tập huấn Lạng Sơn", start_year=2021)
    make_plan(tv["province"], tv["centre"], number="TV-1", title="Tập huấn Trà Vinh", start_year=2021)
    client.force_login(tv["editor"])
    for params in [{}, {"q": "tap huan"}, {"nam": 2021}, {"sap_xep": "-kinh_phi"}, {"trang_thai": "draft"},
                   {"don_vi": ls["centre"].pk}]:
        response = client.get(URL, params)
        assert "LS-1" not in numbers(response), params
        assert "Tập huấn Lạng Sơn" not in response.content.decode(), params
    assert numbers(client.get(URL, {"q": "tap huan"})) == ["TV-1"]


def test_anonymous_is_sent_to_sign_in(client, ls):
    response = client.get(URL, {"q": "tap huan"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("params, message", [
    ({"nam": "abc"}, "Năm phải là một số"),
    ({"nam": "2021.5"}, "Năm phải là một số"),
    ({"nam": "99999"}, "Năm phải không quá 2200"),
    ({"nam": "1000"}, "Năm phải từ 1945 trở đi"),
    ({"loai": "nonsense"}, "Lựa chọn không hợp lệ"),
    ({"trang_thai": "nonsense"}, "Lựa chọn không hợp lệ"),
    ({"don_vi": "abc"}, "Lựa chọn không hợp lệ"),
    ({"sap_xep": "password"}, "Lựa chọn không hợp lệ"),
    ({"q": "x" * 201}, "Từ khóa tìm kiếm quá dài"),
])
def test_bad_filter_input_gives_a_vietnamese_message(client_ls, ls, params, message):
    make_plan(ls["province"], number="19/KH-TGPL")
    response = client_ls.get(URL, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Một số điều kiện lọc không hợp lệ" in html and message in html
    # The bad filter is ignored rather than emptying the list.
    assert numbers(response) == ["19/KH-TGPL"]


def test_bad_page_number_falls_back_to_a_page(client_ls, ls):
    make_plan(ls["province"], number="19/KH-TGPL")
    assert numbers(client_ls.get(URL, {"trang": "abc"})) == ["19/KH-TGPL"]
    assert numbers(client_ls.get(URL, {"trang": "999"})) == ["19/KH-TGPL"]


# --- SQL queries ---------------------------------------------------------------------------------


def _list_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.slow
@pytest.mark.parametrize("params", [
    {},
    {"q": "tap huan", "nam": 2021, "trang_thai": "issued", "sap_xep": "-hoan_thanh"},
])
def test_query_count_is_the_same_for_10_and_200_plans(client_ls, ls, params):
    def grow(n):
        for i in range(n):
            plan = make_plan(ls["province"], ls["centre"], number=f"{i}/KH", title=f"Tập huấn {i}",
                             status="issued", start_year=2021)
            add_activities(plan, 2, done=1, amount=1000)

    grow(10)
    small = _list_queries(client_ls, params)
    grow(190)
    assert Plan.objects.count() == 200
    assert _list_queries(client_ls, params) == small
