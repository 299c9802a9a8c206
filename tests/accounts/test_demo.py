import pytest
from wagtail.models import Site

from cms.core.models import NavigationSettings, StandardPage
from members.accounts import demo


@pytest.mark.django_db
def test_demo_creates_privacy_page_and_footer_link_once(demo_content):
    page = StandardPage.objects.get(slug="privacy")
    assert page.live and page.url == "/privacy/"
    assert "zeven jaar" in page.body
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    assert nav.footer_links.filter(page=page).count() == 1

    lines = []
    demo.load(lines.append)  # a second run adds nothing
    assert StandardPage.objects.filter(slug="privacy").count() == 1
    assert nav.footer_links.filter(page=page).count() == 1
    assert not any("Privacy page created" in line for line in lines)


@pytest.mark.django_db
def test_privacy_page_is_linked_from_every_page_footer(demo_content, client):
    assert client.get("/privacy/").status_code == 200
    footer = client.get("/").content.decode().split('class="site-footer', 1)[1]
    assert 'href="/privacy/"' in footer
