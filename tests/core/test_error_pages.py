"""The error pages nobody plans for: a bad Host header (400), a failed CSRF check (403) and a
wrong method (405) answer in the site's Dutch layout and say nothing about the server."""

import pytest
from django.test import Client, override_settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# What Django's own pages say; none of it may reach a visitor.
LEAKS = ("Bad Request", "Forbidden", "DEBUG", "Django", "CSRF", "Referer", "Traceback",
         "Method Not Allowed", "ALLOWED_HOSTS", "evil.example")


def assert_dutch_layout(response, title):
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'class="site-header"' in html
    assert f"<h1>{title}</h1>" in html
    assert 'href="/"' in html  # a way on
    assert '<meta name="robots" content="noindex">' in html
    for leak in LEAKS:
        assert leak not in html, leak
    return html


@override_settings(ALLOWED_HOSTS=["www.loc.example"], DEBUG=False)
def test_a_bad_host_header_gets_the_dutch_400_page():
    client = Client(HTTP_HOST="evil.example")
    response = client.get("/")
    assert response.status_code == 400
    assert_dutch_layout(response, "Ongeldig verzoek")
    # The page is built without the request: no absolute link to the forged host either.
    assert client.get("/zoeken/?q=x").status_code == 400
    # A good host still gets through.
    assert Client(HTTP_HOST="www.loc.example").get("/healthz").status_code == 200


@override_settings(ALLOWED_HOSTS=["www.loc.example"], DEBUG=False)
def test_the_400_page_renders_without_a_database_or_request():
    from cms.core.views import bad_request

    response = bad_request(None, Exception("Invalid HTTP_HOST header: 'evil.example'"))
    assert response.status_code == 400
    assert_dutch_layout(response, "Ongeldig verzoek")


def test_a_failed_csrf_check_gets_the_dutch_403_page_keeping_the_way_back():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    html = assert_dutch_layout(response, "Het formulier is verlopen")
    assert "403.html" not in [t.name for t in response.templates]  # its own explanation
    assert "vernieuw" in html.lower()
    assert client.session.get("_auth_user_id") is None


def test_a_wrong_method_gets_the_dutch_405_page_with_its_allow_header(client):
    for url in ("/robots.txt", "/healthz", "/account/inactive/"):
        response = client.post(url)
        assert response.status_code == 405, url
        assert "GET" in response["Allow"]
        assert_dutch_layout(response, "Deze actie kan hier niet")


def test_a_405_with_its_own_body_is_left_alone(rf):
    from django.http import HttpResponseNotAllowed

    from cms.core.middleware import MethodNotAllowedPage

    own = HttpResponseNotAllowed(["POST"], content=b'{"error": "method"}')
    response = MethodNotAllowedPage(lambda request: own)(rf.get("/"))
    assert response is own
