import pytest
from django.urls import reverse

from members.interest.models import Interest
from tests.events.factories import make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def box(client, event):
    html = client.get(event.url).content.decode()
    return html.split('id="aanmelden"', 1)[1].split("</section>", 1)[0]


def test_an_anonymous_visitor_is_told_to_log_in_and_gets_no_form(client, course):
    part = box(client, course)
    assert "Aanmelden kan vanaf" in part
    assert "lijst van belangstellenden" in part and "/account/login/?next=" in part
    assert "<form" not in part and "csrfmiddlewaretoken" not in part


def test_a_person_puts_themselves_on_the_list_and_off_again(client, course):
    user = UserFactory()
    client.force_login(user)
    part = box(client, course)
    assert "Houd mij op de hoogte" in part
    response = client.post(reverse("interest:add", args=[course.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{course.url}#aanmelden"
    html = response.content.decode()
    assert "U staat op de lijst" in html and "Haal mij van de lijst" in html
    assert Interest.objects.filter(user=user, event=course).exists()
    response = client.post(reverse("interest:withdraw", args=[course.pk]), follow=True)
    assert "niet meer op de lijst" in response.content.decode()
    assert not Interest.objects.exists()


def test_asking_when_registration_is_open_says_so_and_adds_nobody(client, agenda):
    event = make_event("Open")
    client.force_login(UserFactory())
    response = client.post(reverse("interest:add", args=[event.pk]), follow=True)
    assert "Aanmelden kan al" in response.content.decode()
    assert not Interest.objects.exists()


def test_get_anonymous_unpublished_and_unknown_are_refused(client, course):
    url = reverse("interest:add", args=[course.pk])
    assert client.post(url).status_code == 302  # to the login page
    assert not Interest.objects.exists()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 405
    assert client.post("/mijn-loc/belangstelling/99999999999999999999/").status_code == 404
    assert client.post(reverse("interest:add", args=[999999])).status_code == 404
    course.unpublish()
    assert client.post(url).status_code == 404
