"""The site's icon: linked from every page and answering at /favicon.ico, where browsers look first."""
import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_every_page_links_the_icon(client):
    response = client.get("/dang-nhap/")
    assert b'rel="icon"' in response.content and b"favicon.svg" in response.content
