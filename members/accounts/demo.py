"""Demo accounts: one administrator and one editor, both with a verified address."""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ORDER = 10

ADMIN_EMAIL = "admin@loc.example"
EDITOR_EMAIL = "redacteur@loc.example"
# Local demo only: production never runs load_demo_content.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "loc-demo-2026")


def ensure_user(email, password, **fields):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def editors_group():
    group, created = Group.objects.get_or_create(name="Editors")
    if created:  # Wagtail's migration normally makes it; a flushed test database has none.
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@transaction.atomic
def load(log):
    admin, _ = ensure_user(ADMIN_EMAIL, DEMO_PASSWORD, is_staff=True, is_superuser=True,
                           first_name="Beheer", last_name="LOC")
    editor, _ = ensure_user(EDITOR_EMAIL, DEMO_PASSWORD, first_name="Redactie", last_name="LOC")
    editor.groups.add(editors_group())
    for role, user in (("Beheerder", admin), ("Redacteur", editor)):
        if user.check_password(DEMO_PASSWORD):
            log(f"{role}: {user.email} / wachtwoord {DEMO_PASSWORD}")
        else:
            log(f"{role}: {user.email} (wachtwoord is sinds de eerste keer gewijzigd)")
