"""Rate limits on reports and on comments per address, counted in Django's
cache so every worker process shares them."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Site

from members.comments import services
from members.comments.models import Comment, CommentReport, CommentSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY_REPORTS = gettext(
    "You have reported several comments in a short time. Please try again later, or contact "
    "the Vraagbaak."
)
TOO_MANY_COMMENTS = gettext(
    "You have posted several comments in a short time. Please wait a few minutes and try again."
)


@pytest.fixture
def published(light_item):
    return [Comment.objects.create(item=light_item, author=UserFactory(), body=f"Tekst {n}",
                                   status=Comment.Status.PUBLISHED) for n in range(7)]


def test_a_reader_cannot_flood_the_moderators_with_reports(published, client, committed,
                                                           mailoutbox):
    comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    comment_settings.moderator_email = "redactie@example.nl"
    comment_settings.save()
    reader = UserFactory()
    client.force_login(reader)
    for comment in published[:services.REPORT_LIMIT]:
        with committed():
            response = client.post(reverse("comments:report", args=[comment.pk]),
                                   {"reason": "Grof"})
        assert response.status_code == 302
    response = client.post(reverse("comments:report", args=[published[-1].pk]),
                           {"reason": "Ook grof, met uitleg"})
    assert response.status_code == 429
    html = response.content.decode()
    assert TOO_MANY_REPORTS in html
    assert "Ook grof, met uitleg</textarea>" in html  # what was typed stays
    assert CommentReport.objects.count() == services.REPORT_LIMIT
    assert len(mailoutbox) == services.REPORT_LIMIT


def test_reporting_the_same_comment_again_does_not_count(published):
    reader = UserFactory()
    for _ in range(services.REPORT_LIMIT + 2):
        services.report_comment(reader, published[0], "Grof")
    assert services.report_comment(reader, published[1], "Grof")[1]  # still allowed


def test_reports_are_limited_per_address_too(published, monkeypatch):
    monkeypatch.setattr(services, "REPORT_IP_LIMIT", 2)
    services.report_comment(UserFactory(), published[0], "Grof", ip="203.0.113.7")
    services.report_comment(UserFactory(), published[0], "Grof", ip="203.0.113.7")
    with pytest.raises(services.CommentError):
        services.report_comment(UserFactory(), published[0], "Grof", ip="203.0.113.7")
    services.report_comment(UserFactory(), published[0], "Grof", ip="203.0.113.8")


def test_comments_are_limited_per_address_as_well_as_per_account(light_item, client,
                                                                 monkeypatch):
    monkeypatch.setattr(services, "IP_RATE_LIMIT", 2)
    url = reverse("comments:post", args=[light_item.pk])
    for n in range(2):
        client.force_login(UserFactory())
        assert client.post(url, {"body": f"Account {n}"},
                           REMOTE_ADDR="203.0.113.7").status_code == 302
    client.force_login(UserFactory())  # a fresh account from the same address
    response = client.post(url, {"body": "Nog een account"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert TOO_MANY_COMMENTS in response.content.decode()
    assert client.post(url, {"body": "Ander adres"},
                       REMOTE_ADDR="203.0.113.8").status_code == 302


def test_the_counts_live_in_the_shared_cache(published):
    reader = UserFactory()
    services.report_comment(reader, published[0], "Grof", ip="203.0.113.7")
    # Django's cache (Redis in production), not a dict in this process.
    assert cache.get(f"ratelimit:reports:{reader.pk}") == 1
    assert cache.get("ratelimit:reports:ip:203.0.113.7") == 1
