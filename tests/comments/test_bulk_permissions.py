"""The bulk-action pages list nothing to an editor without the permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from members.comments.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Mijn telefoonnummer is 06-12345678"


def editor(*codenames):
    group = Group.objects.create(name="Groep " + "-".join(codenames or ("leeg",)))
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          *Permission.objects.filter(codename__in=codenames))
    user = UserFactory(is_staff=True, first_name="Redacteur")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def comment(light_item):
    return Comment.objects.create(item=light_item, author=UserFactory(first_name="Geheime"),
                                  body=SECRET, status=Comment.Status.PENDING)


def bulk_url(action):
    return reverse("wagtail_bulk_action", args=("comments", "comment", action)) + "?id=all"


@pytest.mark.parametrize("action", ["approve", "reject", "dismiss", "ban"])
def test_without_the_permission_nothing_is_listed(comment, action):
    client = editor()
    response = client.get(bulk_url(action), follow=True)
    # Wagtail's refusal: back to the dashboard with "no permission", nothing listed.
    assert response.redirect_chain == [("/admin/", 302)]
    assert SECRET not in response.content.decode()
    response = client.post(bulk_url(action) + "&next=/admin/", {})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_wagtail_delete_action_only_counts_what_the_editor_may_not_touch(comment):
    response = editor("change_comment").get(bulk_url("delete"))
    html = response.content.decode()
    assert SECRET not in html and "Geheime" not in html
    assert "1 onderdeel" in html


def test_with_the_permission_the_comments_are_listed(comment):
    response = editor("change_comment").get(bulk_url("approve"))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_blocking_needs_the_ban_permission_as_well(comment):
    assert editor("change_comment").get(bulk_url("ban")).status_code == 302
    assert editor("change_comment", "add_commentban").get(bulk_url("ban")).status_code == 200
