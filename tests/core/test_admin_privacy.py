"""The Wagtail admin runs in editors' browsers: it must not call third parties from there."""

import pytest
from django.conf import settings

from tests.factories import UserFactory


def test_the_update_check_is_off_in_the_settings():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False


@pytest.mark.django_db
def test_the_admin_dashboard_does_not_ask_wagtail_org_for_updates(client):
    # Only superusers see the panel; its script fetches releases.wagtail.org from the browser.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "w-upgrade" not in html
    assert "w-panel-upgrade" not in html
