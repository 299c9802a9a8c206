"""Hostile values in every public form field and URL parameter: never a 5xx.

One test per door (form or listing), built from factories. Each posts or requests every
hostile value in every field, one field at a time beside otherwise valid data, and collects
what broke, so one run shows the whole class of failures at once."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from cms.core.demo import ensure_home, ensure_page, ensure_themes
from cms.events.models import EventIndexPage
from cms.news.models import NewsIndexPage
from cms.offerings.models import OfferingIndexPage
from members.comments.models import Comment, CommentSettings, Policy
from tests.events.factories import make_event
from tests.factories import PASSWORD, UserFactory
from tests.news.factories import make_article
from tests.offerings.factories import make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet():
    """Thousands of 4xx warnings would only slow the run down (5xx are still logged)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)

HUGE = "9" * 20  # beyond 64 bits: SQLite's driver raises OverflowError
HOSTILE = [
    HUGE, "-1", "1e309", "abc", "", "\x00", "ünïcødé ☃ 𝕏 \u202e", "'\"<script>;--",
    "x" * 5000,
    ["1", "2"],  # a field sent twice (an array)
]
# Path segments travel percent-encoded; these are what a hand-edited URL can hold.
HOSTILE_SEGMENTS = [HUGE, "-1", "abc", "%00", "%C3%BC%E2%98%83", "x" * 2000, "%FF%FE"]


class Broken(list):
    def check(self, client, method, url, data=None):
        cache.clear()  # the rate limits would soon answer 429 before the form is even read
        try:
            response = getattr(client, method)(url, data or {})
        except Exception as error:  # noqa: BLE001 - the test client re-raises the view's error
            self.append(f"{method.upper()} {url} {_short(data)}: {type(error).__name__}: "
                        f"{str(error)[:120]}")
            return None
        if response.status_code >= 500:
            self.append(f"{method.upper()} {url} {_short(data)}: {response.status_code}")
        return response


def _short(data):
    return {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v)
            for k, v in (data or {}).items()}


def each_field(base, fields=None):
    """`base` with one field at a time replaced by each hostile value, plus a few whole-form
    extremes (everything hostile at once, nothing at all)."""
    for field in fields or base:
        for value in HOSTILE:
            yield {**base, field: value}
    for value in HOSTILE:
        yield dict.fromkeys(base, value)
    yield {}


def walk_form(client, url, base, fields=None, method="post"):
    broken = Broken()
    for data in each_field(base, fields):
        broken.check(client, method, url, data)
    return broken


@pytest.fixture
def site_tree(db):
    home = ensure_home()
    ensure_themes()
    news = ensure_page(home, NewsIndexPage, "nieuws", title="Nieuws")
    ensure_page(home, EventIndexPage, "agenda", title="Agenda")
    ensure_page(home, OfferingIndexPage, "aanbod", title="Aanbod")
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.policy = Policy.NONE
    settings.save()
    return home, news


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def article(site_tree):
    return make_article("Een artikel met reacties", index=site_tree[1])


@pytest.fixture
def comment(article, member):
    return Comment.objects.create(item=article, author=member, body="Mijn reactie",
                                  status=Comment.Status.PUBLISHED)


def test_comment_form(member_client, article, comment):
    url = f"/reacties/bericht/{article.pk}/"
    base = {"body": "Een reactie", "parent": str(comment.pk), "notify_on_reply": "on",
            "website": "", "form_prefix": ""}
    broken = walk_form(member_client, url, base)
    # The reply form: its fields carry the prefix the page gave it.
    reply = {"form_prefix": "reply", "reply-body": "Antwoord",
             "reply-parent": str(comment.pk)}
    broken += walk_form(member_client, url, reply)
    for prefix in ("reply-abc", "reply-", "reply--1", f"reply-{HUGE}", "reply-\x00", "x" * 5000,
                   "reply-1", "Reply"):
        for body in ("Antwoord", ""):  # an invalid form is shown again: the crash was there
            broken.check(member_client, "post", url, {"form_prefix": prefix,
                                                      f"{prefix}-body": body})
    assert broken == []


def test_comment_edit_report_delete_and_unsubscribe(member_client, comment):
    broken = walk_form(member_client, f"/reacties/{comment.pk}/bewerken/", {"body": "Anders"})
    broken += walk_form(member_client, f"/reacties/{comment.pk}/melden/",
                        {"reason": "Spam", "website": ""})
    broken += walk_form(member_client, f"/reacties/{comment.pk}/verwijderen/", {"confirm": "1"})
    broken += walk_form(Client(), "/reacties/afmelden/abc/", {"token": "abc"})
    assert broken == []


@pytest.mark.parametrize("path", [
    "/reacties/bericht/{}/", "/reacties/{}/bewerken/", "/reacties/{}/melden/",
    "/reacties/{}/verwijderen/", "/reacties/afmelden/{}/", "/nieuws/thema/{}/",
    "/nieuws/trefwoord/{}/", "/nieuws/thema/{}/feed/", "/documenten/{}/x.pdf",
    "/_util/authenticate_with_password/{}/{}/", "/account/confirm-email/{}/",
    "/account/password/reset/key/{}-{}/", "/{}/",
])
def test_url_parameters(member_client, comment, path):
    broken = Broken()
    for segment in HOSTILE_SEGMENTS:
        url = path.replace("{}", segment)
        for method in ("get", "post"):
            broken.check(member_client, method, url, {"body": "x"})
    assert broken == []


@pytest.mark.parametrize("url,params", [
    ("/zoeken/", {"q": "zorg", "page": "1"}),
    ("/nieuws/", {"page": "1"}),
    ("/nieuws/thema/{theme}/", {"page": "1"}),
    ("/nieuws/feed/", {"page": "1"}),
    ("/agenda/", {"kind": "", "theme": "", "page": "1"}),
    ("/agenda/archief/", {"kind": "", "theme": "", "page": "1"}),
    ("/agenda/ical/", {"page": "1"}),
    ("/aanbod/", {"audience": "", "theme": ""}),
    ("/aanbod/{offering}/", {"verstuurd": "1"}),
    ("/agenda/{event}/", {"page": "1"}),
    ("/agenda/{event}/ics/", {"page": "1"}),
    ("/reacties/mijn/", {"page": "1"}),
    ("/admin/login/", {"next": "/admin/"}),
    ("/_util/login/", {"next": "/"}),
    ("/account/login/", {"next": "/mijn-loc/"}),
    ("/account/signup/", {"next": "/mijn-loc/"}),
    ("/sitemap.xml", {"page": "1"}),
    ("/sitemap-pages.xml", {"p": "1"}),
])
def test_query_parameters(member_client, site_tree, url, params):
    from cms.core.models import Theme

    offering = make_offering("Een training")
    event = make_event("Een bijeenkomst")
    url = url.format(theme=Theme.objects.first().slug, offering=offering.slug, event=event.slug)
    assert walk_form(member_client, url, params, method="get") == []


def test_offering_request_form(site_tree):
    offering = make_offering("Een training")
    base = {"name": "Anna", "email": "anna@example.nl", "organisation": "Zorg", "council": "CR",
            "phone": "030", "preferred_period": "Na de zomer", "question": "Graag",
            "website": ""}
    assert walk_form(Client(), offering.url, base) == []


def test_account_forms(site_tree, member):
    anonymous = Client()
    broken = walk_form(anonymous, "/account/login/",
                       {"login": member.email, "password": "fout", "remember": "on",
                        "next": "/mijn-loc/"})
    broken += walk_form(anonymous, "/account/signup/",
                        {"email": "nieuw@example.nl", "password1": "x", "password2": "x",
                         "website": ""})
    broken += walk_form(anonymous, "/account/password/reset/", {"email": member.email})
    broken += walk_form(anonymous, "/account/login/code/", {"email": member.email})
    broken += walk_form(anonymous, "/account/login/code/confirm/", {"code": "ABC"})
    broken += walk_form(anonymous, "/account/password/reset/key/1-abc/",
                        {"password1": "x", "password2": "x"})
    assert broken == []


def test_mijn_loc_forms(member):
    client = Client()
    client.force_login(member)
    broken = walk_form(client, "/mijn-loc/profiel/",
                       {"first_name": "Anna", "last_name": "Vries", "display_name": "",
                        "organisation": "Zorg", "role": "", "sector": "", "reply_mails": "on"})
    broken += walk_form(client, "/account/email/",
                        {"email": "ander@example.nl", "action_add": "1"})
    broken += walk_form(client, "/account/email/",
                        {"email": member.email, "action_remove": "1"})
    broken += walk_form(client, "/account/password/change/",
                        {"oldpassword": PASSWORD, "password1": "x", "password2": "x"})
    broken += walk_form(client, "/account/reauthenticate/", {"password": "fout"})
    broken += walk_form(client, "/mijn-loc/account-verwijderen/", {"password": "fout"})
    broken += walk_form(client, "/mijn-loc/", {"page": "1"}, method="get")
    assert broken == []


def test_no_route_of_ours_takes_an_unbounded_int():
    """<int:> matches a number of any length; our routes use <id:> (cms/core/converters.py)."""
    from django.urls import get_resolver

    unbounded = [text for text, pattern in _raw_walk(get_resolver().url_patterns)
                 if pattern.lookup_str.startswith(("cms.", "members.", "home."))
                 and "<int:" in text]
    assert unbounded == []


def _raw_walk(patterns, prefix=""):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _raw_walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_a_twenty_digit_comment_id_is_a_404(member_client, comment):
    for url in (f"/reacties/bericht/{HUGE}/", f"/reacties/{HUGE}/bewerken/",
                f"/reacties/{HUGE}/melden/", f"/reacties/{2**63}/verwijderen/"):
        assert member_client.post(url, {"body": "x"}).status_code == 404
    assert member_client.get(f"/reacties/{comment.pk}/bewerken/").status_code == 200


@pytest.mark.parametrize("body", ["Antwoord", ""])
@pytest.mark.parametrize("prefix", ["reply-abc", "reply-", "reply--1", f"reply-{HUGE}",
                                    "reply-0", "reply-1x"])
def test_a_forged_reply_prefix_shows_the_form_again(member_client, article, comment, prefix,
                                                     body):
    response = member_client.post(f"/reacties/bericht/{article.pk}/",
                                  {"form_prefix": prefix, f"{prefix}-body": body})
    assert response.status_code == 400
    assert "Schrijf uw reactie." in response.content.decode()
    assert Comment.objects.count() == 1


def test_registration_forms_and_routes(site_tree, member):
    """The registration box, cancelling, the feed and the staff screens: no 5xx."""
    from django.contrib.auth.models import Group

    from members.accounts.staff import LEDENADMINISTRATIE, ensure_staff_groups
    from members.registrations import services

    event = make_event("Een sparsessie", capacity=1)
    registration = services.register(member, event, "Mijn vraag")
    client = Client()
    client.force_login(member)
    broken = walk_form(client, f"/mijn-loc/aanmeldingen/aanmelden/{event.pk}/",
                       {"answer": "Een thema", "next": event.url})
    broken += walk_form(client, f"/mijn-loc/aanmeldingen/{registration.pk}/afmelden/",
                        {"next": "/mijn-loc/"}, method="get")
    broken += walk_form(client, "/mijn-loc/aanmeldingen/", {"page": "1"}, method="get")
    for segment in HOSTILE_SEGMENTS:
        for url in (f"/mijn-loc/aanmeldingen/agenda/{segment}.ics",
                    f"/mijn-loc/aanmeldingen/{segment}/agenda.ics",
                    f"/mijn-loc/aanmeldingen/aanmelden/{segment}/"):
            broken.check(client, "get", url)
            broken.check(client, "post", url, {"answer": "x"})
    ensure_staff_groups()
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=LEDENADMINISTRATIE))
    admin = Client()
    admin.force_login(staff)
    base = f"/admin/registrations/event/{event.pk}/"
    broken += walk_form(admin, base, {"status": "waiting"}, method="get")
    broken += walk_form(admin, f"{base}export/", {"format": "csv", "status": ""}, method="get")
    broken += walk_form(admin, f"{base}add/", {"email": "iemand@example.nl", "answer": "x",
                                               "over_capacity": "on"})
    broken += walk_form(admin, f"{base}attendance/",
                        {f"attended-{registration.pk}": "yes", "status": "", "mark_all": "1"})
    broken += walk_form(admin, f"{base}mail/", {"subject": "Onderwerp", "body": "Tekst"})
    broken += walk_form(admin, f"/admin/registrations/registration/{registration.pk}/cancel/",
                        {"next": "x"})
    assert broken == []
