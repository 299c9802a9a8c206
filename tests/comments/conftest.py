import pytest
from wagtail.models import Site

from cms.news.models import NewsIndexPage, NewsItemPage
from members.comments.models import CommentSettings, Policy
from tests.factories import UserFactory


def make_item(title="Intervisie voor ondersteuners", **fields):
    index = NewsIndexPage.objects.get()
    item = NewsItemPage(title=title, teaser="Een voorproefje.", **fields)
    index.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


@pytest.fixture
def news_item(demo_content):
    return make_item()


@pytest.fixture
def author(db):
    return UserFactory(first_name="Mies", last_name="Bakker")


@pytest.fixture
def reader(db):
    return UserFactory(first_name="Kees", last_name="Jansen")


@pytest.fixture
def comment_settings(demo_content):
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def open_policy(comment_settings):
    comment_settings.policy = Policy.NONE
    comment_settings.save()
    return comment_settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code defers to transaction commit (mails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def light_item(db):
    """An open news item under Wagtail's default site, without building the demo site: for
    tests about the comment rules that need no page chrome. Comments publish at once."""
    from wagtail.models import Page

    index = NewsIndexPage(title="Nieuws", slug="nieuws")
    Page.objects.get(depth=2).add_child(instance=index)
    item = NewsItemPage(title="Een bericht", slug="een-bericht", teaser="Een voorproefje.")
    index.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    comment_settings.policy = Policy.NONE
    comment_settings.save()
    return item
