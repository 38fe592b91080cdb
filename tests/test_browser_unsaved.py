"""In a real Chromium: typing in the content editor is never dropped without a word. Clicking another item of the
tree after typing asks first (staying keeps the typing); a refused save's "Lý do điều chỉnh" error is scrolled into
view and focused, however far above the "Lưu" button it is (static/js/editor.js)."""
import pytest
from playwright.sync_api import expect

from activities.models import Activity
from plans.models import Plan
from tests.browser import sign_in
from tests.test_browser_editor import htmx_settled, panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_an_item_with_unsaved_typing_asks_first(page, live_server, demo_data):
    plan = Plan.objects.get(number="19/KH-TGPL")
    first, second = Activity.objects.filter(plan=plan, kind="activity").order_by("parent_id", "position")[:2]
    sign_in(page, live_server, "bientap")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/noi-dung/?hd={first.pk}")
    htmx_settled(page)
    title = panel(page).get_by_label("Tên mục, hoạt động")
    title.fill("Tên đang gõ dở, chưa lưu")

    questions = []

    def stay(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", stay)
    page.locator(f"#node-{second.pk} .tree-label a").click()
    page.wait_for_timeout(500)
    assert questions and "chưa lưu" in questions[0]
    expect(title).to_have_value("Tên đang gõ dở, chưa lưu")  # stayed: the typing is all there

    # Saving without the reason an issued plan needs: the error next to the reason box, scrolled to and focused.
    panel(page).get_by_role("button", name="Lưu", exact=True).last.click()
    reason = page.locator("#change-reason")
    expect(page.locator("#change-reason-error")).to_be_visible()
    expect(reason).to_be_focused()
    expect(reason).to_be_in_viewport()
    expect(title).to_have_value("Tên đang gõ dở, chưa lưu")

    # Leaving on purpose: asked again, accepted, the other item opens and nothing was saved.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.locator(f"#node-{second.pk} .tree-label a").click()
    expect(panel(page).get_by_label("Tên mục, hoạt động")).to_have_value(second.title)
    assert len(questions) == 2
    first.refresh_from_db()
    assert first.title != "Tên đang gõ dở, chưa lưu"

    # Nothing typed: moving between items asks nothing.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator(f"#node-{first.pk} .tree-label a").click()
    expect(panel(page).get_by_label("Tên mục, hoạt động")).to_have_value(first.title)
    assert len(questions) == 2
