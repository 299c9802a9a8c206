from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


class AccountAdapter(DefaultAccountAdapter):
    """Account mails name the site, link to it, and always have an HTML part in our layout."""

    def send_mail(self, template_prefix, email, context):
        context = {
            "site_name": str(settings.SITE_NAME),
            "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        msg = super().render_mail(template_prefix, email, context, headers=headers)
        # Mails we did not design one by one (notifications, MFA) get the text in the layout.
        if isinstance(msg, EmailMultiAlternatives) and not msg.alternatives:
            html = render_to_string("account/email/fallback_message.html",
                                    {**context, "body": msg.body})
            msg.attach_alternative(html, "text/html")
        return msg
