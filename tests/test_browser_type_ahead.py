"""In a real Chromium, on a phone (375 px): a leader types part of a plan's name, without its diacritics, into the
report page's scope field, moves to the suggestion with the arrow keys, takes it with Enter, submits with Enter and
reads that plan's report. The open list of suggestions passes axe, fits the screen and its options are 44 px high."""
import re

import pytest

from plans.models import Plan
from tests.accessibility import PHONE, check_page
from tests.browser import pick_suggestion, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_leader_picks_a_plan_by_keyboard_and_reads_its_report(phone_page, live_server, demo_data, screenshot):
    page = phone_page
    plan = Plan.objects.get(province__code="lang-son", title__contains="người khuyết tật")
    label = "(không số) — " + plan.title[:90]
    sign_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/bao-cao/?ky=2021-Q4")
    box = page.get_by_role("combobox", name="Phạm vi")
    assert box.input_value() == "" and box.get_attribute("aria-expanded") == "false"

    box.press_sequentially("khuyet tat")
    suggestions = page.get_by_role("listbox", name="Gợi ý cho “Phạm vi”")
    suggestions.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == suggestions.get_attribute("id")
    heights = suggestions.get_by_role("option").evaluate_all("options => options.map(o => o.getBoundingClientRect().height)")
    assert min(heights) >= 44, heights
    check_page(page, phone=True)
    screenshot(page, "phone-report-type-ahead")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    box = pick_suggestion(page, "Phạm vi", "khuyet tat", label[:40])
    assert box.get_attribute("aria-expanded") == "false" and box.input_value().startswith("(không số) — Triển khai")
    box.press("Enter")  # the list is closed: Enter submits the form
    page.wait_for_url(re.compile(rf"pham_vi=plan%3A{plan.pk}"))
    assert "pham_vi_tim" not in page.url  # the box was picked, not typed: the hidden value says it all
    main = page.locator("main").inner_text()
    assert "người khuyết tật" in main and "Quý IV/2021" in main
    assert page.get_by_role("combobox", name="Phạm vi").input_value().startswith("(không số) — Triển khai")
