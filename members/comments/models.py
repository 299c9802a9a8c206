from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .rendering import comment_html

MAX_LENGTH = 3000


class Policy(models.TextChoices):
    ALL = "all", _("Approve every comment before it is shown")
    FIRST = "first", _("Approve only a person's first comment")
    NONE = "none", _("Show comments at once")


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    policy = models.CharField(
        _("moderation"), max_length=10, choices=Policy.choices, default=Policy.FIRST
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"), default=90,
        help_text=_("Comments close this many days after publication. 0 keeps them open."),
    )
    moderator_email = models.EmailField(
        _("moderators' email"), blank=True,
        help_text=_("New pending and reported comments are announced here. Leave empty to use "
                    "the general email address from the site settings."),
    )

    panels = [FieldPanel("policy"), FieldPanel("close_after_days"), FieldPanel("moderator_email")]

    class Meta:
        verbose_name = _("comment settings")


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, item=None):
        """Published comments and the viewer's own pending ones. A removed or rejected
        top-level comment comes along only while it has such replies: the thread shows it as
        "deleted" to keep their place, never its text. Decided in SQL, so a backlog of
        rejected spam costs an article page nothing.

        With `item` both the rows and the reply check stay within that item's comments (the
        item/status index): without it PostgreSQL answers the check by hashing every
        published comment on the site, 100,000 rows for one article page."""
        own = Q(pk__in=[])
        if user is not None and user.is_authenticated:
            own = Q(status=Comment.Status.PENDING, author=user)
        visible = Q(status=Comment.Status.PUBLISHED) | own
        replies = Comment.objects.filter(parent=OuterRef("pk")).filter(visible)
        rows = self
        if item is not None:
            item_id = getattr(item, "pk", item)
            rows = rows.filter(item_id=item_id)
            replies = replies.filter(item_id=item_id)
        placeholder = Q(
            Exists(replies),
            status__in=[Comment.Status.REMOVED, Comment.Status.REJECTED],
            parent__isnull=True,
        )
        return rows.filter(visible | placeholder)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Removed")

    item = models.ForeignKey(
        "news.NewsItemPage", on_delete=models.CASCADE, related_name="comments",
        verbose_name=_("news item"),
    )
    # SET_NULL: deleting an account keeps the conversation readable ("verwijderde gebruiker").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments", verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("comment"), max_length=MAX_LENGTH)
    # `body` as the page shows it, rendered by rendering.comment_html whenever the comment is
    # saved (save() below), so a thread of 1,000 comments does not run urlize and nh3 1,000
    # times per view. Never set from anywhere else: no form or admin panel writes it.
    body_html = models.TextField(_("comment as HTML"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    notify_on_reply = models.BooleanField(_("mail me when someone replies"), default=False)
    created = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    # Raised by every change (services.py, under the row lock). An edit form carries the
    # version it showed, so a change made meanwhile is refused instead of silently undone.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["item", "status", "created"]),
            # An article's threads, newest first, one page at a time (comments_tags).
            models.Index(fields=["item", "-created", "-id"], condition=Q(parent__isnull=True),
                         name="comment_threads_newest"),
            # The replies under a page of threads, and the "has a visible reply" check.
            models.Index(fields=["parent", "status"], name="comment_parent_status"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        self.body_html = comment_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def html(self):
        """The stored rendering; rendered now for a row that never went through save() (a
        bulk insert). A removed comment shows no text, whatever its row still holds."""
        if self.is_removed:
            return mark_safe("")  # noqa: S308 - nothing to show
        if self.body_html or not self.body:
            return mark_safe(self.body_html)  # noqa: S308 - written only by save() above
        return comment_html(self.body)

    @property
    def author_name(self):
        if self.author is None:
            return _("deleted user")
        public_name = getattr(self.author, "public_name", None)
        return public_name or self.author.get_full_name() or self.author.email.split("@")[0]

    @property
    def excerpt(self):
        return self.body[:80] + ("…" if len(self.body) > 80 else "")

    @property
    def is_removed(self):
        """Shown as "Deze reactie is verwijderd": withdrawn by its author or rejected by an
        editor after others replied."""
        return self.status in (self.Status.REMOVED, self.Status.REJECTED)


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
        related_name="comment_reports", verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reporter"
            )
        ]

    def __str__(self):
        return self.reason[:60]


class CommentBan(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_ban",
        verbose_name=_("user"),
    )
    reason = models.TextField(_("reason"), blank=True)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("banned by"),
    )
    created = models.DateTimeField(_("since"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("comment ban")
        verbose_name_plural = _("comment bans")

    def __str__(self):
        return str(self.user)

