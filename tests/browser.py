"""Steps every browser journey shares, done the way a person does them."""
DEMO_PASSWORD = "tgpl2026"


def sign_in(page, live_server, username):
    """Open the site and sign in through the form with a demo user."""
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
