"""Every door that could take an account password: only allauth's login may, and even there a
second factor and a verified address are still asked.

The walk resolves the project's urlconf recursively, builds one concrete path per pattern and
POSTs a real account's email and password to it under every field name a login form uses."""

import re
from re import _parser as sre_parse  # the regex parser Python itself uses; 3.11+

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from wagtail.models import PageViewRestriction

from tests.factories import PASSWORD, StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db

CONVERTER_SAMPLES = {"int": "1", "id": "1", "str": "x", "slug": "x", "path": "x",
                     "uuid": "12345678-1234-5678-1234-567812345678"}


def walk(patterns, prefix=""):
    """(pattern text, URLPattern) for every leaf of the urlconf, prefixes joined."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + _route(pattern.pattern))
        else:
            yield prefix + _route(pattern.pattern), pattern


def _route(pattern):
    text = str(pattern)
    if hasattr(pattern, "_route"):  # RoutePattern: <int:pk> and friends
        return re.sub(r"<(?:(\w+):)?\w+>",
                      lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "x"), text)
    return _sample(sre_parse.parse(text))


def _sample(parsed):
    """One string the regex matches: the shortest non-empty choice at every step."""
    out = []
    for op, av in parsed:
        if op is sre_parse.LITERAL:
            out.append(chr(av))
        elif op is sre_parse.SUBPATTERN:
            out.append(_sample(av[-1]))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            low, _high, sub = av
            out.append(_sample(sub) * max(low, 1))
        elif op is sre_parse.BRANCH:
            out.append(_sample(av[1][0]))
        elif op is sre_parse.IN:
            out.append(_char_in(av))
        elif op is sre_parse.CATEGORY:
            out.append(_char_in([(op, av)]))
        elif op is sre_parse.ANY:
            out.append("x")
    return "".join(out)


def _char_in(items):
    for op, av in items:
        if op is sre_parse.LITERAL:
            return chr(av)
        if op is sre_parse.RANGE:
            return chr(av[0]) if chr(av[0]).isalnum() else "1"
        if op is sre_parse.CATEGORY:
            return "1" if av is sre_parse.CATEGORY_DIGIT else "x"
    return "x"


def every_path():
    paths = {}
    for text, pattern in walk(get_resolver().url_patterns):
        paths.setdefault("/" + text, pattern.lookup_str)
    return paths


LOGIN_FIELDS = ("login", "username", "email")
PASSWORD_FIELDS = ("password", "password1", "password2", "oldpassword", "old_password")


def post_credentials(path, user):
    """A fresh visitor POSTs the account's email and password; returns the logged-in user id."""
    client = Client()
    data = {**dict.fromkeys(LOGIN_FIELDS, user.email), **dict.fromkeys(PASSWORD_FIELDS, PASSWORD),
            "next": "/admin/"}
    client.post(path, data)
    return client.session.get("_auth_user_id"), client


def doors_that_log_in(user):
    return {path: view for path, view in every_path().items()
            if post_credentials(path, user)[0] is not None}


def test_the_walk_reaches_every_door():
    paths = every_path()
    assert len(paths) > 100  # the Wagtail admin alone has hundreds
    for path in ("/account/login/", "/_util/login/", "/admin/login/",
                 "/_util/authenticate_with_password/1/1/"):
        assert path in paths
        assert resolve(path)  # the sample path reaches a view


def test_only_allauths_login_accepts_a_password():
    """The control: with a plain, verified account the walk does find the one real door."""
    user = UserFactory()
    assert set(doors_that_log_in(user)) == {reverse("account_login")}


def test_no_door_skips_the_second_factor():
    editor = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(editor, generate_totp_secret())
    assert doors_that_log_in(editor) == {}


def test_no_door_lets_an_unverified_account_in():
    assert doors_that_log_in(UserFactory(verified=False)) == {}


def test_an_editor_with_totp_gets_no_admin_through_wagtails_private_page_login():
    editor = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(editor, generate_totp_secret())
    user_id, client = post_credentials("/_util/login/", editor)
    assert user_id is None
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_wagtails_private_page_login_sends_to_the_site_login_keeping_next(client):
    response = client.get("/_util/login/?next=/besloten/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/besloten/"
    response = client.post("/_util/login/?next=/besloten/", {"username": "a", "password": "b"})
    assert response["Location"] == reverse("account_login") + "?next=/besloten/"
    assert client.get("/_util/login/")["Location"] == reverse("account_login")


def test_a_page_for_members_only_sends_visitors_to_the_site_login(client):
    from wagtail.models import Page

    page = StandardPageFactory(parent=Page.objects.get(depth=1), slug="besloten")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    from wagtail.models import Site

    Site.objects.update(root_page=page)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/"


def test_editors_cannot_protect_pages_or_documents_with_a_shared_password():
    """/_util/authenticate_with_password/ checks a page's shared password, not an account's
    (the walk shows it logs nobody in); editors get no way to create such a password."""
    from wagtail.admin.forms.collections import CollectionViewRestrictionForm
    from wagtail.admin.forms.pages import PageViewRestrictionForm

    page_form = PageViewRestrictionForm(private_page_options=["none", "password", "login",
                                                              "groups"])
    collection_form = CollectionViewRestrictionForm()
    for form in (page_form, collection_form):
        assert "password" not in form.fields
        assert "password" not in dict(form.fields["restriction_type"].choices)
        assert "login" in dict(form.fields["restriction_type"].choices)
