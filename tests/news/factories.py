import factory
from wagtail.models import PageViewRestriction

from cms.core.models import Theme
from cms.news.models import ArticlePage, NewsIndexPage


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    description = "Over dit thema."


def make_article(title="Een artikel", *, index=None, themes=(), keywords=(), publish=True,
                 private=False, **fields):
    index = index or NewsIndexPage.objects.get()
    fields.setdefault("teaser", f"Teaser van {title}.")
    fields.setdefault("body", [{"type": "paragraph", "value": f"<p>{title} tekst.</p>"}])
    # Wagtail pages default to live=True; a draft must never be live before it is published.
    page = ArticlePage(title=title, live=False, **fields)
    index.add_child(instance=page)
    page.themes.set(themes)
    page.keywords.set(list(keywords))
    revision = page.save_revision()
    if publish:
        revision.publish()
    if private:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    page.refresh_from_db()
    return page
