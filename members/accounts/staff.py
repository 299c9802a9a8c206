"""Staff roles: the groups LOC's office works in, kept in step with the code by `migrate`.

- Redactie writes, publishes and unpublishes every page (news, recaps, events, offerings),
  uploads images and documents, edits themes and magazines, moderates comments and handles
  offering requests, and works the registrations of its events ("Aanmeldingen").
- Ledenadministratie keeps the member records: accounts, memberships, the offering requests
  and the registrations.

Registrations: view (lists, counts, export), change (attendance, cancel someone, mail the
confirmed registrants) and add (book someone, also over capacity) go to both roles.

Why `post_migrate` and not a data migration: permissions only exist after Django's own
post_migrate handler ran for every app, so a migration would have to create them itself; and
roles grow with every new admin screen, which here means one line in ROLES and a deploy
(`migrate` runs on every deploy, in production as in the demo and the tests). The sync only
adds: an administrator may give a group more, and nothing they add is taken away.

There is no review step: LOC's editors are a few trusted colleagues, and Wagtail lets any member
of a reviewing group approve their own submission, so a "Redactiecontrole" among equals would
only add a click. Wagtail's default "Moderators approval" workflow (on the root page, which made
"Stuur door naar Moderators approval" the editor's only action) is renamed "Redactiecontrole"
with Redactie as its reviewers and taken off the root page, so an administrator can still apply
it on purpose to a page that needs a second reader, and nothing in the admin or its mails is
English.
"""

from django.db import transaction

REDACTIE = "Redactie"
LEDENADMINISTRATIE = "Ledenadministratie"
REVIEW_WORKFLOW = "Redactiecontrole"

# Wagtail's initial data: its groups and the workflow it derives from them.
WAGTAIL_EDITORS, WAGTAIL_MODERATORS = "Editors", "Moderators"
WAGTAIL_WORKFLOW = "Moderators approval"

REGISTRATION_PERMISSIONS = ["registrations.view_registration",
                            "registrations.change_registration",
                            "registrations.add_registration"]
ROLES = {
    REDACTIE: [
        "wagtailadmin.access_admin",
        "core.add_theme", "core.change_theme", "core.delete_theme", "core.view_theme",
        "news.add_magazinesource", "news.change_magazinesource", "news.view_magazinesource",
        "comments.view_comment", "comments.change_comment",
        "comments.view_commentreport", "comments.change_commentreport",
        "comments.add_commentban", "comments.change_commentban", "comments.delete_commentban",
        "comments.view_commentban",
        "offerings.view_offeringrequest", "offerings.change_offeringrequest",
        *REGISTRATION_PERMISSIONS, "interest.view_interest",
    ],
    LEDENADMINISTRATIE: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "offerings.view_offeringrequest",
        "membership.view_membership", "membership.change_membership",
        "membership.view_plan", "membership.add_plan", "membership.change_plan",
        "membership.view_plangroup", "membership.add_plangroup", "membership.change_plangroup",
        "membership.view_stripeevent",
        "receipts.view_receipt",
        # Paid events: the payments list, marking invoices paid, refunds and credit notes.
        "registrations.view_payment", "registrations.change_payment",
        "interest.view_interest",
        *REGISTRATION_PERMISSIONS,
        "organisations.view_organisation", "organisations.change_organisation",
        "organisations.view_councilplan", "organisations.add_councilplan",
        "organisations.change_councilplan",
    ],
}
# On the root page, so they hold for every page editors (or later migrations) create.
PAGE_PERMISSIONS = {REDACTIE: ["add_page", "change_page", "publish_page", "lock_page",
                               "unlock_page"]}
# On the root collection: images (our own model) and documents.
COLLECTION_PERMISSIONS = {REDACTIE: [
    "core.add_customimage", "core.change_customimage", "core.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
]}


def _permission(dotted):
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(name, legacy=None):
    """The group by its Dutch name; Wagtail's English group becomes it, keeping its members."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None and legacy:
        group = Group.objects.filter(name=legacy).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    if group is None:
        group = Group.objects.create(name=name)
    return group


def _retire_wagtail_review(redactie):
    """Once: Wagtail's "Moderators approval" becomes an unassigned Redactiecontrole and the
    Moderators (who could publish) join Redactie, which can."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

    for workflow in Workflow.objects.filter(name=WAGTAIL_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
        workflow.name = REVIEW_WORKFLOW
        workflow.save(update_fields=["name"])
    for task in GroupApprovalTask.objects.filter(name=WAGTAIL_WORKFLOW):
        task.name = REVIEW_WORKFLOW
        task.save(update_fields=["name"])
        task.groups.set([redactie])
    moderators = Group.objects.filter(name=WAGTAIL_MODERATORS).first()
    if moderators is not None:
        redactie.user_set.add(*moderators.user_set.all())
        moderators.delete()


@transaction.atomic
def ensure_staff_groups():
    """Create the staff groups and give them at least their role's permissions (idempotent)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {REDACTIE: _group(REDACTIE, legacy=WAGTAIL_EDITORS),
              LEDENADMINISTRATIE: _group(LEDENADMINISTRATIE)}
    for name, permissions in ROLES.items():
        groups[name].permissions.add(*[_permission(dotted) for dotted in permissions])
    root_page = Page.get_first_root_node()
    for name, codenames in PAGE_PERMISSIONS.items():
        if root_page is None:  # a flushed test database; the demo loader calls us again
            break
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page,
                permission=_permission(f"wagtailcore.{codename}"))
    root_collection = Collection.get_first_root_node()
    for name, permissions in COLLECTION_PERMISSIONS.items():
        if root_collection is None:
            break
        for dotted in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=_permission(dotted))
    _retire_wagtail_review(groups[REDACTIE])
    return groups


def sync_after_migrate(sender, using="default", plan=None, apps=None, **kwargs):
    """post_migrate receiver. Django sends the signal once per app with models, in
    INSTALLED_APPS order; only the last one comes after every app's permissions exist."""
    from django.apps import apps as global_apps

    with_models = [app for app in global_apps.get_app_configs() if app.models_module]
    if sender.label == with_models[-1].label and using == "default":
        ensure_staff_groups()
