"""In a real Chromium: a demo user signs in, sees only their province's plans, opens one, signs out."""
import pytest

from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_sees_plans_and_signs_out(page, live_server, demo_data):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("bientap")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")

    sign_in(page, live_server, "bientap")
    page.get_by_role("heading", name="Kế hoạch", exact=True).wait_for()
    table = page.locator("table.list").inner_text()
    assert "19/KH-TGPL" in table and "120/KH-STP" in table
    assert "Chỉ thị số 05-CT/TU" not in table  # Trà Vinh's plan stays out of Lạng Sơn's list
    assert "460.400.000 đ" in table

    page.get_by_role("link", name="Triển khai công tác trợ giúp pháp lý năm 2021").click()
    page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").wait_for()
    body = page.locator("article.document").inner_text()
    assert "2.2.1." in body and "Hoàng Thị Bích" in body and "460.400.000" in body

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Đăng nhập").wait_for()


def test_tra_vinh_leader_sees_only_tra_vinh(page, live_server, demo_data):
    sign_in(page, live_server, "lanhdao.tv")
    table = page.locator("table.list").inner_text()
    assert "Chỉ thị số 05-CT/TU" in table
    assert "19/KH-TGPL" not in table
