import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Tra cứu và thực hiện thủ tục hành chính" in body


def test_every_asset_is_served_by_us(client):
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body
    assert "/static/django_htmx/htmx-2.min.js" in body or "htmx" in body


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "object-src 'none'" in policy


def test_the_language_switch_offers_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
