"""The moderation queue in the Wagtail admin: "Reacties"."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
from .models import Comment, CommentBan, CommentReport


class CommentFilterSet(WagtailFilterSet):
    reported = django_filters.BooleanFilter(
        label=_("Reported"), method="filter_reported",
    )

    class Meta:
        model = Comment
        fields = ["status", "item"]

    def filter_reported(self, queryset, name, value):
        open_reports = Q(reports__resolved=False)
        if value:
            return queryset.filter(open_reports).distinct()
        return queryset.exclude(open_reports)


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    list_display = [
        Column("excerpt", label=_("Comment")),
        "author", "item", "status",
        Column("open_reports", label=_("Open reports")),
        "created",
    ]
    list_per_page = 50
    filterset_class = CommentFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "body", "author", "item", "parent", "status", "created", "edited_at", "moderated_at",
    ]
    list_export = ["item", "author", "body", "status", "created"]
    ordering = ["-created"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Comment.objects.select_related("author", "item").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved=False))
        )


class ReportViewSet(SnippetViewSet):
    model = CommentReport
    icon = "warning"
    menu_label = _("Reports")
    list_display = ["comment", "reporter", "reason", "resolved", "created"]
    list_filter = ["resolved"]
    inspect_view_enabled = True
    copy_view_enabled = False


class BanViewSet(SnippetViewSet):
    model = CommentBan
    icon = "cross"
    menu_label = _("Blocked users")
    list_display = ["user", "reason", "banned_by", "created"]
    copy_view_enabled = False


class CommentsGroup(SnippetViewSetGroup):
    items = (CommentViewSet, ReportViewSet, BanViewSet)
    menu_icon = "comment"
    menu_label = _("Comments")
    menu_name = "comments"
    menu_order = 300


register_snippet(CommentsGroup)


class _ModerateAction(SnippetBulkAction):
    models = [Comment]
    template_name = "comments/admin/confirm_bulk_moderate.html"
    new_status = None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        services.moderate(objects, cls.new_status, moderator=user)
        return len(objects), 0


@hooks.register("register_bulk_action")
class ApproveAction(_ModerateAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    new_status = Comment.Status.PUBLISHED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment approved.", "%(count)d comments approved.",
                        num_parent_objects) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class RejectAction(_ModerateAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    action_priority = 20
    new_status = Comment.Status.REJECTED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment rejected.", "%(count)d comments rejected.",
                        num_parent_objects) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class BanAuthorAction(_ModerateAction):
    display_name = _("Block author")
    action_type = "ban"
    aria_label = _("Block the authors of the selected comments and reject their comments")
    action_priority = 25
    new_status = Comment.Status.REJECTED

    def check_perm(self, obj):
        return self.request.user.has_perm("comments.add_commentban")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        authors = {comment.author for comment in objects if comment.author_id}
        for author in authors:
            services.ban(author, moderator=user)
        services.moderate(objects, cls.new_status, moderator=user)
        return len(authors), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d author blocked.", "%(count)d authors blocked.",
                        num_parent_objects) % {"count": num_parent_objects}


class ModerationPanel(Component):
    name = "comment_moderation"
    order = 50
    template_name = "comments/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        counts = Comment.objects.aggregate(
            pending=Count("pk", filter=Q(status=Comment.Status.PENDING)),
        )
        counts["reported"] = (
            Comment.objects.filter(reports__resolved=False).distinct().count()
        )
        return counts


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if request.user.has_perm("comments.change_comment"):
        panels.append(ModerationPanel())
