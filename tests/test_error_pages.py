"""The 403 and 404 pages: in Vietnamese, inside the site's layout, with the reason and a way back."""
import pytest
from django.urls import reverse

from plans.models import Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ls, ls_dept, ls_centre, _branch = make_province("Lạng Sơn", "lang-son")
    _tv, tv_dept, _tv_centre, _tv_branch = make_province("Trà Vinh", "tra-vinh")
    return {
        "plan": make_plan(ls, ls_centre, number="19/KH-TGPL"),
        "people": make_people(ls_dept, ls_centre),
        "outsider": make_user("tv-editor", tv_dept, Role.EDITOR),
    }


@pytest.mark.parametrize("name", ["plans:edit", "activities:editor"])
def test_read_only_member_gets_a_vietnamese_403_page_with_the_reason(client, world, name):
    client.force_login(world["people"][Role.UPDATER])
    response = client.get(reverse(name, args=[world["plan"].pk]))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert '<html lang="vi">' in page and "Forbidden" not in page
    assert "Bạn không có quyền thực hiện việc này" in page
    assert "Chỉ cán bộ biên tập kế hoạch của tỉnh mới được sửa kế hoạch này." in page
    assert f'href="{reverse("plans:list")}"' in page and "Đăng xuất" in page


def test_other_province_gets_a_vietnamese_404_page_without_the_technical_message(client, world):
    client.force_login(world["outsider"])
    response = client.get(reverse("plans:detail", args=[world["plan"].pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page and "Không tìm thấy trang này" in page
    assert "Not Found" not in page and "matches the given query" not in page
    assert f'href="{reverse("plans:list")}"' in page


def test_unknown_address_signed_out_gets_the_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.content.decode()
