"""Who may use the registration admin: Redactie and Ledenadministratie yes; a plain account
or an admin user without the role no, for every screen and every action."""

import pytest
from django.urls import reverse

from members.registrations.models import Broadcast, Registration
from tests.accounts.test_staff import menu_labels

from .admin_support import (  # noqa: F401 (fixtures)
    ADMIN_ONLY,
    LEDENADMINISTRATIE,
    MEMBER,
    REDACTIE,
    Status,
    agenda,
    client_for,
    event,
    groups,
    person,
    registration,
)

pytestmark = pytest.mark.django_db
ALLOWED_KINDS = [REDACTIE, LEDENADMINISTRATIE]
REFUSED_KINDS = [MEMBER, ADMIN_ONLY]
KINDS = [*ALLOWED_KINDS, *REFUSED_KINDS]


@pytest.fixture
def setting(agenda, groups):  # noqa: F811 (fixtures from admin_support)
    meeting = event(capacity=1)
    seat = registration(meeting)
    return meeting, seat


def screens(meeting, seat):
    pk = meeting.pk
    return [
        reverse("registration_admin:index"),
        reverse("registration_admin:index_results"),
        reverse("registration_admin:event", args=[pk]),
        reverse("registration_admin:export", args=[pk]) + "?format=csv",
        reverse("registration_admin:export", args=[pk]) + "?format=xlsx",
        reverse("registration_admin:add", args=[pk]),
        reverse("registration_admin:mail", args=[pk]),
        reverse("registration_admin:cancel", args=[seat.pk]),
    ]


def allowed(response):
    if response.status_code == 200:
        return True
    # Wagtail's 403 page, or the login page for an account without admin access.
    assert response.status_code in (302, 403), response.status_code
    return False


@pytest.mark.parametrize("kind", KINDS)
def test_every_screen(setting, kind):
    client = client_for(person(kind))
    for url in screens(*setting):
        assert allowed(client.get(url)) == (kind in ALLOWED_KINDS), (kind, url)


@pytest.mark.parametrize("kind", KINDS)
def test_every_action(setting, kind, django_capture_on_commit_callbacks):
    meeting, seat = setting
    newcomer = person(MEMBER)
    client = client_for(person(kind))
    pk = meeting.pk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registration_admin:attendance", args=[pk]),
                    {f"attended-{seat.pk}": "no"})
        client.post(reverse("registration_admin:attendance", args=[pk]), {"mark_all": "1"})
        client.post(reverse("registration_admin:add", args=[pk]),
                    {"email": newcomer.email, "over_capacity": "on"})
        client.post(reverse("registration_admin:mail", args=[pk]),
                    {"subject": "Let op", "body": "Tekst"})
        client.post(reverse("registration_admin:cancel", args=[seat.pk]))
    seat.refresh_from_db()
    done = kind in ALLOWED_KINDS
    assert Registration.objects.filter(user=newcomer).exists() == done
    assert Broadcast.objects.exists() == done
    assert (seat.status == Status.CANCELLED) == done
    assert (seat.attended is False) == done


def test_the_menu_item_is_there_for_both_roles_only(setting, rf):
    for kind in ALLOWED_KINDS:
        assert "Aanmeldingen" in menu_labels(person(kind), rf), kind
    assert "Aanmeldingen" not in menu_labels(person(ADMIN_ONLY), rf)


def test_the_edit_view_button_only_for_those_who_may(setting):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    meeting, _seat = setting
    url = reverse("wagtailadmin_pages:edit", args=[meeting.pk])
    assert "Aanmeldingen (1)" in client_for(person(REDACTIE)).get(url).content.decode()
    # A page editor without the role: the same page rights as Redactie, no registrations.
    pages_only = Group.objects.create(name="Alleen pagina's")
    pages_only.permissions.add(Permission.objects.get(codename="access_admin"))
    for grant in GroupPagePermission.objects.filter(group__name=REDACTIE):
        GroupPagePermission.objects.create(group=pages_only, page=grant.page,
                                           permission=grant.permission)
    editor = person(MEMBER)
    editor.groups.add(pages_only)
    response = client_for(editor).get(url)
    assert response.status_code == 200 and 'name="title"' in response.content.decode()
    assert "Aanmeldingen (" not in response.content.decode()


def test_an_unknown_event_or_registration_is_a_404(setting):
    client = client_for(person(LEDENADMINISTRATIE))
    assert client.get(reverse("registration_admin:event", args=[999999])).status_code == 404
    assert client.get("/admin/registrations/event/99999999999999999999/").status_code == 404
    assert client.get(reverse("registration_admin:cancel", args=[999999])).status_code == 404
