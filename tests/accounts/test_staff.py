"""Staff roles: each admin screen with a user of each group, allowed and refused."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from members.accounts import staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = "allowed", "refused"

# (url, Redactie, Ledenadministratie); a member without a group never gets in.
SCREENS = [
    ("/admin/", ALLOWED, ALLOWED),
    ("/admin/snippets/comments/comment/", ALLOWED, REFUSED),
    ("/admin/snippets/comments/commentreport/", ALLOWED, REFUSED),
    ("/admin/snippets/comments/commentban/", ALLOWED, REFUSED),
    ("/admin/snippets/core/theme/", ALLOWED, REFUSED),
    ("/admin/snippets/core/theme/add/", ALLOWED, REFUSED),
    ("/admin/offering-requests/", ALLOWED, ALLOWED),
    ("/admin/registrations/", ALLOWED, ALLOWED),
    ("/admin/images/", ALLOWED, REFUSED),
    ("/admin/users/", REFUSED, ALLOWED),
    ("/admin/users/new/", REFUSED, REFUSED),
    ("/admin/groups/", REFUSED, REFUSED),
]


def client_in(group_name):
    user = UserFactory()
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


def outcome(response):
    # Wagtail answers a refusal with its 403 page, or sends a member without admin access to
    # the login page.
    if response.status_code == 200:
        return ALLOWED
    assert response.status_code in (302, 403), response.status_code
    return REFUSED


@pytest.fixture
def groups():
    # migrate made them; a flushed (transactional) test database needs them again.
    return staff.ensure_staff_groups()


@pytest.mark.parametrize(("url", "redactie", "ledenadministratie"), SCREENS)
def test_each_screen_per_group(groups, url, redactie, ledenadministratie):
    assert outcome(client_in(staff.REDACTIE).get(url)) == redactie
    assert outcome(client_in(staff.LEDENADMINISTRATIE).get(url)) == ledenadministratie
    assert outcome(client_in(None).get(url)) == REFUSED


def menu_labels(user, rf):
    from django.urls import reverse
    from wagtail.admin.menu import admin_menu

    reverse("wagtailadmin_home")  # loading the admin URLs registers the viewsets' menu items
    request = rf.get("/admin/")
    request.user = user
    labels = []

    def walk(items):
        for item in items:
            labels.append(str(item.label))
            if hasattr(item, "menu"):
                walk(item.menu.menu_items_for_request(request))

    walk(admin_menu.menu_items_for_request(request))
    return labels


def test_redactie_menu_has_comments_themes_and_offering_requests(groups, rf):
    editor = UserFactory()
    editor.groups.add(groups[staff.REDACTIE])
    labels = menu_labels(editor, rf)
    for label in ("Reacties", "Gemelde reacties", "Thema's", "Aanvragen aanbod"):
        assert label in labels, ", ".join(labels)
    # Wagtail's own reports keep "Meldingen"; the comment reports no longer share the name.
    assert labels.count("Meldingen") <= 1 and "Gebruikers" not in labels
    clerk = UserFactory()
    clerk.groups.add(groups[staff.LEDENADMINISTRATIE])
    labels = menu_labels(clerk, rf)
    assert "Reacties" not in labels and "Thema's" not in labels


def test_the_admin_menu_runs_by_task_and_its_labels_fit(rf, db):
    """Inhoud (pages to comments), Leden, Aanmeldingen, then the settings; "Leden" instead of
    "Lidmaatschappen", which the sidebar cut off."""
    from django.urls import reverse
    from wagtail.admin.menu import admin_menu

    reverse("wagtailadmin_home")
    request = rf.get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    items = sorted(admin_menu.menu_items_for_request(request), key=lambda item: item.order)
    top = [str(item.label) for item in items]
    order = ["Pagina's", "Afbeeldingen", "Documenten", "Overige inhoud", "Thema's", "Leden",
             "Aanmeldingen", "Aanvragen aanbod", "Instellingen"]
    assert [label for label in top if label in order] == order, top
    assert "Reacties" in top and top.index("Reacties") < top.index("Leden")
    assert max(len(label) for label in top) <= 16, top  # what the sidebar shows uncut


def test_sync_is_idempotent_and_only_adds(groups):
    redactie = groups[staff.REDACTIE]
    extra = staff._permission("wagtailredirects.add_redirect")
    redactie.permissions.add(extra)
    before = set(redactie.permissions.values_list("pk", flat=True))
    again = staff.ensure_staff_groups()
    assert again[staff.REDACTIE].pk == redactie.pk
    assert set(redactie.permissions.values_list("pk", flat=True)) == before
    assert Group.objects.filter(name__in=[staff.REDACTIE, staff.LEDENADMINISTRATIE]).count() == 2


def test_wagtail_review_becomes_an_unassigned_redactiecontrole(db):
    # What Wagtail's initial data leaves behind in a fresh production database.
    from wagtail.models import GroupApprovalTask, Page, WorkflowPage, WorkflowTask

    from cms.core.demo import ensure_root

    ensure_root()
    Group.objects.filter(name__in=[staff.REDACTIE, "Moderators", "Editors"]).delete()
    Workflow.objects.all().delete()
    moderators, editors = Group.objects.create(name="Moderators"), Group.objects.create(
        name="Editors")
    moderator, editor = UserFactory(), UserFactory()
    moderator.groups.add(moderators)
    editor.groups.add(editors)
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())

    redactie = staff.ensure_staff_groups()[staff.REDACTIE]

    assert set(redactie.user_set.all()) == {moderator, editor}
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    workflow.refresh_from_db()
    task.refresh_from_db()
    assert (workflow.name, task.name) == ("Redactiecontrole", "Redactiecontrole")
    assert list(task.groups.all()) == [redactie]
    assert not WorkflowPage.objects.exists()
    assert not Workflow.objects.filter(name__icontains="moderators").exists()


def test_redacteur_publishes_and_unpublishes_an_article(db):
    from cms.core import demo
    from cms.news.models import ArticlePage, NewsIndexPage

    demo.load(lambda message: None)  # the page tree, without the demo's articles
    news_site = NewsIndexPage.objects.get()
    staff.ensure_staff_groups()
    client = client_in(staff.REDACTIE)
    add_url = f"/admin/pages/add/news/articlepage/{news_site.pk}/"
    form = client.get(add_url).content.decode()
    assert "Publiceren" in form
    assert "Moderators" not in form and "Stuur door" not in form
    response = client.post(add_url, nested_form_data({
        "title": "Nieuw van de redactie", "slug": "nieuw-van-de-redactie",
        "teaser": "Kort.", "body": streamfield([]), "related_items": inline_formset([]),
        "action-publish": "1",
    }))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="nieuw-van-de-redactie")
    assert article.live
    response = client.post(f"/admin/pages/{article.pk}/unpublish/", {})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live


def test_demo_redacteur_is_in_redactie(demo_content):
    from members.accounts.demo import EDITOR_EMAIL

    editor = Group.objects.get(name=staff.REDACTIE).user_set.get(email=EDITOR_EMAIL)
    assert editor.has_perm("comments.change_comment")
    assert editor.has_perm("offerings.view_offeringrequest")
