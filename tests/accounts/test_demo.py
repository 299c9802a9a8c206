import pytest
from wagtail.models import Site

from cms.core.models import NavigationSettings, StandardPage
from members.accounts import demo


@pytest.mark.django_db
def test_demo_links_the_privacy_statement_from_the_footer_once(demo_content):
    # The statement is a template at /privacy/, not a page editors could lose or shadow.
    assert not StandardPage.objects.filter(slug="privacy").exists()
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    assert nav.footer_links.filter(url="/privacy/").count() == 1

    lines = []
    demo.load(lines.append)  # a second run adds nothing
    assert nav.footer_links.filter(url="/privacy/").count() == 1
    assert not any("privacy" in line for line in lines)


@pytest.mark.django_db
def test_privacy_page_is_linked_from_every_page_footer(demo_content, client):
    assert client.get("/privacy/").status_code == 200
    footer = client.get("/").content.decode().split('class="site-footer', 1)[1]
    assert 'href="/privacy/"' in footer


@pytest.mark.django_db
def test_demo_replaces_the_old_privacy_page_of_an_earlier_load(demo_content, client):
    site = Site.objects.get(is_default_site=True)
    old = StandardPage(title="Privacy", slug="privacy", intro="Oude verklaring")
    site.root_page.add_child(instance=old)
    nav = NavigationSettings.for_site(site)
    nav.footer_links.create(page=old, label="Privacy", sort_order=99)
    demo.load(lambda message: None)
    assert not StandardPage.objects.filter(slug="privacy").exists()
    labels = [link.label for link in NavigationSettings.for_site(site).footer_links.all()]
    assert labels.count("Privacy") == 1
    assert "Oude verklaring" not in client.get("/privacy/").content.decode()


def test_demo_has_a_ledenadministratie_login_in_that_role_only(demo_content):
    from django.contrib.auth import get_user_model

    from members.accounts import demo
    from members.accounts.staff import LEDENADMINISTRATIE

    user = get_user_model().objects.get(email=demo.ADMINISTRATION_EMAIL)
    assert list(user.groups.values_list("name", flat=True)) == [LEDENADMINISTRATIE]
    assert not user.is_superuser and user.check_password(demo.DEMO_PASSWORD)
    assert user.has_perm("registrations.view_registration")
    assert user.has_perm("membership.change_membership")
