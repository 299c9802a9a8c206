from wagtail.models import PageViewRestriction

from cms.core.demo import ensure_home, ensure_page
from cms.offerings.choices import GROUP_KIND
from cms.offerings.models import OfferingIndexPage, OfferingPage


def make_guide():
    """A home page with an empty /aanbod/, much faster than the full demo."""
    home = ensure_home()
    return ensure_page(home, OfferingIndexPage, "aanbod", title="Aanbod")


def make_offering(title="Een training", *, index=None, group="council-work", themes=(),
                  publish=True, private=False, **fields):
    index = index or OfferingIndexPage.objects.get()
    fields.setdefault("summary", f"Samenvatting van {title}.")
    fields.setdefault("kind", GROUP_KIND[group])
    page = OfferingPage(title=title, group=group, live=False, **fields)
    index.add_child(instance=page)
    page.themes.set(themes)
    revision = page.save_revision()
    if publish:
        revision.publish()
    if private:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    page.refresh_from_db()
    return page
