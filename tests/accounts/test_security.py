"""Doors around the accounts: Wagtail's own login, the 403 page, the privacy statement on a
bare installation, and allauth's client IP behind the production proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from members.comments.models import Comment
from tests.comments.conftest import make_item
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_wagtail_login_page_sends_to_the_site_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"


@pytest.mark.django_db
def test_a_bare_password_at_the_wagtail_login_does_not_log_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": staff.email, "email": staff.email,
                                             "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.session.get("_auth_user_id") is None
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_editing_someone_elses_comment_gets_the_dutch_403_page(demo_content, client):
    comment = Comment.objects.create(item=make_item(), author=UserFactory(), body="Van een ander",
                                     status=Comment.Status.PUBLISHED)
    client.force_login(UserFactory())
    response = client.get(reverse("comments:edit", args=[comment.pk]))
    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert '<html lang="nl">' in html and 'class="site-header"' in html
    assert "Naar de startpagina" in html  # a way on, in Dutch
    assert 'href="/mijn-loc/"' in html
    assert "Van een ander" not in html


@pytest.mark.django_db
def test_privacy_statement_is_served_without_demo_content(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "accounts/privacy.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert html.count("<h2>") >= 3  # what we store, why, your rights
    assert "/account/login/?next=/mijn-loc/" in html
    signup = client.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("privacy")}"' in signup


def production_value(expression, **env):
    """Evaluate `expression` in the production settings, with the required variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ALLAUTH_")}
    result = subprocess.run(
        [sys.executable, "-c", f"import cms.settings.production as s; print({expression})"],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={**clean, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "www.loc.example",
             "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/loc",
             "REDIS_URL": "redis://127.0.0.1:6379/0", "SITE_URL": "https://www.loc.example",
             **env},
    )
    return result.stdout.strip()


def test_production_trusts_one_proxy_for_the_client_ip_unless_told_otherwise():
    assert production_value("s.ALLAUTH_TRUSTED_PROXY_COUNT") == "1"
    assert production_value("getattr(s, 'ALLAUTH_TRUSTED_CLIENT_IP_HEADER', None)") == "None"
    assert production_value("s.ALLAUTH_TRUSTED_PROXY_COUNT",
                            ALLAUTH_TRUSTED_PROXY_COUNT="2") == "2"
    assert production_value("s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
                            ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == "X-Real-IP"


@pytest.mark.django_db
def test_a_member_without_admin_rights_gets_a_403_not_a_redirect_loop(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    html = response.content.decode()
    assert '<html lang="nl">' in html and "/mijn-loc/" in html
