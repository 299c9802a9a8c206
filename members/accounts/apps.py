from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "members.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import dashboard, offering_requests, privacy, staff

        post_migrate.connect(staff.sync_after_migrate, dispatch_uid="accounts.staff_groups")

        privacy.register("offering_requests", export=offering_requests.export,
                         erase=offering_requests.erase)
        # Our own Mijn LOC sections; every other app registers its own (membership at 20,
        # registrations at 30, comments at 40).
        dashboard.register("profile", _("My profile"), "accounts/sections/profile.html",
                           order=10)
        dashboard.register("security", _("Login and security"),
                           "accounts/sections/security.html", order=80)
        dashboard.register("privacy", _("Privacy"), "accounts/sections/privacy.html", order=90)
