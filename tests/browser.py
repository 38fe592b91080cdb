"""Steps every browser journey shares, done the way a person does them."""
DEMO_PASSWORD = "tgpl2026"


def sign_in(page, live_server, username):
    """Open the site and sign in through the form with a demo user."""
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def pick_suggestion(page, label, typed, choice):
    """Type `typed` into the type-ahead field `label` (core.widgets.TypeAheadField), move down its suggestions with
    the arrow key to the one named `choice` and take it with Enter, as a keyboard user does."""
    box = page.get_by_role("combobox", name=label)
    box.fill("")
    box.press_sequentially(typed)
    option = page.locator("#" + box.get_attribute("aria-controls")).get_by_role("option", name=choice)
    option.wait_for()
    for _ in range(10):
        box.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == option.get_attribute("id"):
            break
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    return box
