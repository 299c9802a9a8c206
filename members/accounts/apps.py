from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "members.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import dashboard, linked_data, staff

        post_migrate.connect(staff.sync_after_migrate, dispatch_uid="accounts.staff_groups")

        linked_data.connect()

        # Our own Mijn LOC sections. Other apps register theirs (comments at 40); the netwerk
        # membership app replaces the "membership" placeholder by registering the same key.
        dashboard.register_section("profile", _("My profile"), "accounts/sections/profile.html",
                                   order=10)
        # Placeholders until the membership and registration apps register the same keys.
        registered = {section.key for section in dashboard.sections()}
        if "membership" not in registered:
            dashboard.register_section("membership", _("Network membership"),
                                       "accounts/sections/membership.html", order=20)
        if "registrations" not in registered:
            dashboard.register_section("registrations", _("My registrations"),
                                       "accounts/sections/registrations.html", order=30)
        dashboard.register_section("security", _("Login and security"),
                                   "accounts/sections/security.html", order=80)
        dashboard.register_section("privacy", _("Privacy"), "accounts/sections/privacy.html",
                                   order=90)
