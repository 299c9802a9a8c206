"""The rules for comments. Views and the admin call these; tests call them directly."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.core import ratelimit
from cms.core.locking import lock
from members.accounts.privacy import iso

from . import cache as page_cache
from . import notifications
from .models import Comment, CommentBan, CommentReport, CommentSettings, Policy

# unsubscribe_token is re-exported: the views and tests make the link through services.
from .tokens import token_owner_pk, unsubscribe_token  # noqa: F401

EDIT_WINDOW = timedelta(minutes=15)
# A person may post this many comments per window; more is a script or a quarrel. Per
# address the limit is higher: members of one council often share an office connection.
RATE_LIMIT, RATE_WINDOW = 5, 10 * 60
IP_RATE_LIMIT = 20
# Every report mails the moderators: a handful an hour is plenty for one reader.
REPORT_LIMIT, REPORT_IP_LIMIT, REPORT_WINDOW = 5, 20, 60 * 60
DUPLICATE_WINDOW = timedelta(minutes=10)


class CommentError(ValidationError):
    """A refusal the visitor should read (Dutch), not a crash."""


def stale_error():
    return CommentError(
        _("This comment was changed by someone else while you were editing it. Your text is "
          "still in the form: check the current comment, and save again to keep your "
          "version."), code="stale",
    )


def _lock_author(user):
    """Queue one person's creating requests behind each other (a row lock on their account),
    so a double submit finds the first row instead of racing it into a second one."""
    list(lock(get_user_model().objects.filter(pk=user.pk), of=()).values_list("pk"))


def _within_limits(scope, user, limit, window, ip=None, ip_limit=None):
    """Count one attempt per account and, when known, per client address (see
    cms.core.ratelimit.client_ip). Counted in the cache, so every worker shares them."""
    within = ratelimit.hit(f"{scope}:{user.pk}", limit, window)
    if ip:
        within = ratelimit.hit(f"{scope}:ip:{ip}", ip_limit, window) and within
    return within


SETTINGS_CACHE_SECONDS = 60 * 60


def _settings_key(site_id):
    return f"comment-settings:v1:{site_id}"


def settings_for_site(site):
    """The site's comment policy, cached: every news item page reads it."""
    key = _settings_key(site.pk)
    comment_settings = cache.get(key)
    if comment_settings is None:
        comment_settings = CommentSettings.for_site(site)
        cache.set(key, comment_settings, SETTINGS_CACHE_SECONDS)
    return comment_settings


def forget_settings(sender, instance, **kwargs):
    cache.delete(_settings_key(instance.site_id))


def settings_for(item):
    return settings_for_site(item.get_site() or Site.objects.get(is_default_site=True))


def user_standing(user):
    """(banned, verified) for a logged-in user in one query."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    row = get_user_model().objects.filter(pk=user.pk).annotate(
        banned=Exists(CommentBan.objects.filter(user=OuterRef("pk"))),
        verified=Exists(EmailAddress.objects.filter(
            user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
        )),
    ).values("banned", "verified").first() or {"banned": False, "verified": False}
    return row["banned"], row["verified"]


def closes_on(item, comment_settings):
    days = comment_settings.close_after_days
    if not days:
        return None
    published = item.date or timezone.localdate(item.first_published_at or timezone.now())
    return published + timedelta(days=days)


def is_open(item, comment_settings=None):
    if not item.comments_open or not item.live:
        return False
    closing = closes_on(item, comment_settings or settings_for(item))
    return closing is None or timezone.localdate() < closing


def is_banned(user):
    return CommentBan.objects.filter(user=user).exists()


def posting_refusal(user, item, comment_settings=None, standing=None):
    """Why `user` may not comment on `item` now, or None when they may."""
    if not user.is_authenticated:
        return _("Log in or create an account to react.")
    if not is_open(item, comment_settings):
        return _("Comments on this item are closed.")
    banned, verified = standing or user_standing(user)
    if banned:
        return _("You can no longer post comments. Questions? Contact the Vraagbaak.")
    if not verified:
        return _("Confirm your email address first; we sent you a link.")
    return None


def _initial_status(user, policy):
    if policy == Policy.NONE:
        return Comment.Status.PUBLISHED
    if policy == Policy.FIRST and Comment.objects.filter(
        author=user, status=Comment.Status.PUBLISHED
    ).exists():
        return Comment.Status.PUBLISHED
    return Comment.Status.PENDING


def _clean_body(body):
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentError(_("Write your comment."), code="required")
    if len(body) > Comment._meta.get_field("body").max_length:
        raise CommentError(_("Your comment is too long: at most 3,000 characters."), code="long")
    return body


def post_comment(user, item, body, parent=None, notify_on_reply=False, ip=None):
    """Store a comment and return it: published or pending, per the site's policy.

    `ip` is the client address for the per-address limit (cms.core.ratelimit.client_ip)."""
    comment_settings = settings_for(item)
    refusal = posting_refusal(user, item, comment_settings)
    if refusal:
        raise CommentError(refusal, code="refused")
    body = _clean_body(body)
    if parent is not None:
        if parent.item_id != item.pk or parent.parent_id is not None:
            raise CommentError(_("You can only reply to a comment on this page."), code="parent")
        if parent.status != Comment.Status.PUBLISHED:
            raise CommentError(_("This comment no longer takes replies."), code="parent")
    with transaction.atomic():
        _lock_author(user)
        # Double submit (a second click, a reload of the POST): hand back the first one.
        duplicate = Comment.objects.filter(
            author=user, item=item, parent=parent, body=body,
            created__gte=timezone.now() - DUPLICATE_WINDOW,
        ).exclude(status=Comment.Status.REMOVED).first()
        if duplicate is not None:
            return duplicate
        if not _within_limits("comments", user, RATE_LIMIT, RATE_WINDOW, ip, IP_RATE_LIMIT):
            raise CommentError(
                _("You have posted several comments in a short time. Please wait a few "
                  "minutes and try again."), code="rate",
            )
        comment = Comment.objects.create(
            item=item, author=user, parent=parent, body=body,
            notify_on_reply=notify_on_reply,
            status=_initial_status(user, comment_settings.policy),
        )
        # notifications queue their mails after the commit (enqueue_on_commit).
        _after_post(comment)
    return comment


def _after_post(comment):
    if comment.status == Comment.Status.PENDING:
        notifications.announce_pending(comment)
    else:
        notifications.announce_reply(comment)


def can_edit(user, comment, now=None, banned=None):
    now = now or timezone.now()
    if not (
        user.is_authenticated and comment.author_id == user.pk
        and comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
        and now - comment.created <= EDIT_WINDOW
    ):
        return False
    return not (is_banned(user) if banned is None else banned)


def can_delete(user, comment):
    return (
        user.is_authenticated and comment.author_id == user.pk
        and comment.status != Comment.Status.REMOVED
    )


def edit_window_passed(user, comment, now=None):
    """True when the author could have edited this comment, but the 15 minutes are over."""
    now = now or timezone.now()
    return (
        user.is_authenticated and comment.author_id == user.pk
        and comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
        and now - comment.created > EDIT_WINDOW
    )


def edit_comment(user, comment, body, version=None):
    """The author changes their text. With `version` (what their form showed) a change made
    meanwhile by an editor or another tab is refused (`stale_error`), never overwritten."""
    if not can_edit(user, comment):
        raise PermissionDenied(_("You can no longer edit this comment."))
    body = _clean_body(body)
    comment_settings = settings_for(comment.item)
    with transaction.atomic():
        comment = lock(comment, of=())
        # Judged again on the locked row: a rejection may have come in since.
        if not can_edit(user, comment):
            raise PermissionDenied(_("You can no longer edit this comment."))
        if version is not None and version != comment.version:
            raise stale_error()
        comment.body = body
        comment.edited_at = timezone.now()
        comment.version += 1
        # Under full pre-moderation an edit is new text an editor has not seen yet.
        back_to_pending = (
            comment_settings.policy == Policy.ALL and comment.status == Comment.Status.PUBLISHED
        )
        if back_to_pending:
            comment.status = Comment.Status.PENDING
        comment.save(update_fields=["body", "edited_at", "status", "version"])
        if back_to_pending:
            # Editors hear about it as about any new comment waiting for approval.
            notifications.announce_pending(comment)
    return comment


def redact_comment(comment, body, version):
    """An editor changes the text in the admin (e.g. removes a phone number). Only the body is
    written: the status belongs to the moderation actions, which may have run meanwhile."""
    body = _clean_body(body)
    with transaction.atomic():
        comment = lock(comment, of=())
        if version != comment.version:
            raise stale_error()
        if body != comment.body:
            comment.body = body
            comment.version += 1
            comment.save(update_fields=["body", "version"])
    return comment


def delete_comment(user, comment):
    """The author withdraws a comment. Its text goes; replies keep their place under a
    "Deze reactie is verwijderd" marker."""
    if not can_delete(user, comment):
        raise PermissionDenied(_("You cannot delete this comment."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.REMOVED, body="", body_html="", edited_at=timezone.now(),
            version=F("version") + 1,
        )
        # Nothing is left to judge: open reports about the withdrawn text are done.
        resolve_reports([comment])
        page_cache.item_changed(comment.item_id)  # update() sends no post_save
    comment.refresh_from_db()
    return comment


def report_comment(user, comment, reason, ip=None):
    """File a report (once per reader and comment); returns (report, created)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to report a comment."))
    if is_banned(user):
        raise PermissionDenied(_("You can no longer report comments."))
    reason = (reason or "").strip()
    if not reason:
        raise CommentError(_("Tell us what is wrong with this comment."), code="required")
    with transaction.atomic():
        _lock_author(user)
        report = CommentReport.objects.filter(comment=comment, reporter=user).first()
        if report is not None:
            return report, False
        if not _within_limits("reports", user, REPORT_LIMIT, REPORT_WINDOW, ip,
                              REPORT_IP_LIMIT):
            raise CommentError(
                _("You have reported several comments in a short time. Please try again "
                  "later, or contact the Vraagbaak."), code="rate",
            )
        report = CommentReport.objects.create(
            comment=comment, reporter=user, reason=reason[:1000]
        )
        notifications.announce_report(report)
    return report, True


def resolve_reports(comments):
    """Mark the open reports about these comments handled; returns how many were open."""
    return CommentReport.objects.filter(
        comment__in=[c.pk for c in comments], resolved=False
    ).update(resolved=True)


def moderate(comments, status, moderator=None):
    """Approve or reject a set of comments (the admin's bulk actions).

    Either decision handles the comments' open reports, also when the status stays the same:
    approving a published comment that was reported means "the reports are unfounded"."""
    assert status in (Comment.Status.PUBLISHED, Comment.Status.REJECTED)
    changed = []
    with transaction.atomic():
        for comment in lock(Comment.objects.filter(
            pk__in=[c.pk for c in comments]
        ).exclude(status__in=[status, Comment.Status.REMOVED]), of=()):
            # An edited comment that went back to pending was announced when first approved:
            # the parent's author hears about a reply once.
            first_approval = (
                comment.status == Comment.Status.PENDING and comment.moderated_at is None
            )
            comment.status = status
            comment.moderated_at = timezone.now()
            comment.version += 1
            comment.save(update_fields=["status", "moderated_at", "version"])
            if status == Comment.Status.PUBLISHED and first_approval:
                changed.append(comment)
        resolve_reports(comments)
        for comment in changed:
            notifications.announce_reply(comment)
    return changed


def dismiss_reports(comments, moderator=None):
    """The reports were unfounded: close them and leave the comments as they are."""
    with transaction.atomic():
        return resolve_reports(comments)


def ban(user, moderator=None, reason=""):
    with transaction.atomic():
        ban_row, _created = CommentBan.objects.get_or_create(
            user=user, defaults={"banned_by": moderator, "reason": reason}
        )
    return ban_row


def unsubscribe(token):
    """Turn off reply mails for the token's owner; None when the token is bad."""
    user_pk = token_owner_pk(token)
    if user_pk is None:
        return None
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is not None:
        Comment.objects.filter(author=user, notify_on_reply=True).update(notify_on_reply=False)
    return user


def reply_mail_comments(user):
    """The member's comments a reply can still come under: the ones Mijn LOC's switch sets."""
    return Comment.objects.filter(
        author=user, status__in=[Comment.Status.PENDING, Comment.Status.PUBLISHED]
    )


def set_reply_mails(user, on):
    """Mijn LOC's one switch for all of a member's comments; a new comment asks again."""
    return reply_mail_comments(user).exclude(notify_on_reply=on).update(notify_on_reply=on)


def export(user):
    return [
        {
            "item": comment.item.title, "url": comment.item.full_url, "body": comment.body,
            "status": comment.status, "created": iso(comment.created),
            "edited_at": iso(comment.edited_at),
            "reply_to": comment.parent_id,
        }
        for comment in Comment.objects.filter(author=user).select_related("item")
    ]


def anonymise(user):
    """Account deletion: the comments stay, without the link to the person."""
    Comment.objects.filter(author=user).update(author=None, notify_on_reply=False)
    CommentReport.objects.filter(reporter=user).update(reporter=None)


