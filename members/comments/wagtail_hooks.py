"""The moderation queue in the Wagtail admin: "Reacties"."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSetGroup

from cms.core.exports import ExportSnippetViewSet

from . import services
from .forms import VersionedFormMixin
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


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Readers write comments on the site; in the admin editors only moderate them, so
    nobody adds one there (it would skip every rule in services.post_comment)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return super().users_with_any_permission(["add"]).none()
        return super().users_with_any_permission(actions)


register_permission_policy(Comment, CommentPermissionPolicy(Comment))


class CommentAdminForm(VersionedFormMixin, WagtailAdminModelForm):
    version = forms.IntegerField(required=True, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class CommentEditView(EditView):
    """Saves only the text, through services.redact_comment: the status the form was built
    with may be out of date (a bulk approve ran meanwhile), and so may the text."""

    def save_instance(self):
        try:
            comment = services.redact_comment(
                self.object, self.form.cleaned_data["body"], self.form.cleaned_data["version"]
            )
        except services.CommentError as error:
            current = Comment.objects.get(pk=self.object.pk)
            self.form.offer_version(current.version)
            # Wagtail's edit view turns this into the form again, with the message on top.
            raise PermissionDenied(
                f"{error.message} {_('Current text:')} {current.excerpt}"
            ) from error
        log(instance=comment, action="wagtail.edit", user=self.request.user)
        return comment


class CommentViewSet(ExportSnippetViewSet):
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
    edit_view_class = CommentEditView
    # Our views behind these URLs: a 20-digit id is a 404, not an OverflowError.
    pk_path_converter = "id"
    # The status changes only through the moderation actions (services.moderate), so
    # reports get handled and reply mails go out; an editor may still redact the text.
    edit_handler = ObjectList([
        HelpPanel(content=_("Approve or reject comments with the actions in the list of "
                            "comments: select them and choose an action.")),
        FieldPanel("status", read_only=True),
        FieldPanel("item", read_only=True),
        FieldPanel("author", read_only=True),
        FieldPanel("parent", read_only=True),
        FieldPanel("body"),
    ], base_form_class=CommentAdminForm)

    def get_queryset(self, request):
        return Comment.objects.select_related("author", "item").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved=False))
        )


class ReportViewSet(ExportSnippetViewSet):
    model = CommentReport
    icon = "warning"
    # Not "Meldingen": Wagtail's own reports menu has that name.
    menu_label = _("Reported comments")
    list_display = ["comment", "reporter", "reason", "resolved", "created"]
    list_filter = ["resolved"]
    inspect_view_enabled = True
    copy_view_enabled = False


class BanCreateView(CreateView):
    def save_instance(self):
        self.form.instance.banned_by = self.request.user
        return super().save_instance()


class BanViewSet(ExportSnippetViewSet):
    model = CommentBan
    add_view_class = BanCreateView
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
    required_permissions = ("comments.change_comment",)

    def dispatch(self, request, *args, **kwargs):
        # Before anything is listed: the confirmation page would otherwise show the text and
        # author of every comment asked for (?id=all) as "comments you may not moderate".
        if not request.user.has_perms(self.required_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_execution_context(self):
        # Wagtail passes nothing by default; the services record who moderated.
        return {"user": self.request.user}

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
class DismissReportsAction(_ModerateAction):
    display_name = _("Dismiss reports")
    action_type = "dismiss"
    aria_label = _("Close the reports about the selected comments and keep the comments")
    action_priority = 22

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return services.dismiss_reports(objects, moderator=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.",
                        num_parent_objects) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class BanAuthorAction(_ModerateAction):
    display_name = _("Block author")
    action_type = "ban"
    aria_label = _("Block the authors of the selected comments and reject their comments")
    action_priority = 25
    new_status = Comment.Status.REJECTED
    required_permissions = ("comments.change_comment", "comments.add_commentban")

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
