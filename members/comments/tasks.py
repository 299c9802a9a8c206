from django.urls import reverse
from django_tasks import task
from wagtail.models import Site

from cms.core.links import absolute as _absolute
from cms.core.mail import send_templated
from cms.core.models import SiteSettings

from .tokens import unsubscribe_token


@task()
def mail_moderators(comment_pk, reason, report_pk=None):
    from .models import Comment, CommentReport, CommentSettings

    comment = Comment.objects.select_related("item", "author").filter(pk=comment_pk).first()
    if comment is None:
        return
    site = comment.item.get_site() or Site.objects.get(is_default_site=True)
    to = CommentSettings.for_site(site).moderator_email or SiteSettings.for_site(site).general_email
    context = {
        "comment": comment, "reason": reason, "item_url": comment.item.full_url,
        "admin_url": _absolute(reverse("wagtailsnippets_comments_comment:inspect",
                                       args=[comment.pk])),
        "site_name": site.site_name,
        "report": CommentReport.objects.filter(pk=report_pk).first() if report_pk else None,
    }
    send_templated("comments/email/moderators", [to], context)


@task()
def mail_reply(reply_pk):
    from .models import Comment

    reply = Comment.objects.select_related("item", "author", "parent__author").filter(
        pk=reply_pk
    ).first()
    if reply is None or reply.parent is None:
        return
    parent = reply.parent
    recipient = parent.author
    if (recipient is None or not parent.notify_on_reply or reply.author_id == recipient.pk
            or parent.status != Comment.Status.PUBLISHED):
        return
    token = unsubscribe_token(recipient)
    unsubscribe_url = _absolute(reverse("comments:unsubscribe", args=[token]))
    site = reply.item.get_site() or Site.objects.get(is_default_site=True)
    context = {
        "reply": reply, "parent": parent, "recipient": recipient, "site_name": site.site_name,
        # "Hallo Mies," or, without a first or display name, a plain "Hallo,".
        "greeting_name": (recipient.first_name or recipient.display_name).strip(),
        "comment_url": f"{reply.item.full_url}#reactie-{reply.pk}",
        "unsubscribe_url": unsubscribe_url,
    }
    # RFC 8058: mail clients show an unsubscribe button that POSTs without opening a page.
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    send_templated("comments/email/reply", [recipient.email], context, headers=headers)
