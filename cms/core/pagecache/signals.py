"""What purges the page cache.

A publication purges everything, not just the page and its index: the home page, the theme
and keyword listings, related items on other articles, the agenda, feeds, the sitemap and
search all show titles, teasers and dates of other pages. Naming each of those per page type
would miss one sooner or later; a new generation is one SET, and editors publish a few times
a day. The same holds for what every page shows (menus, footer, contact details, themes,
privacy settings, images). Changes that show on one page only (its comments) purge that page
through `purge_page`, called from the app that owns them.

Content apps' own shared models (the news' magazines) are not named here: each app calls
`register_shared_model(Model)` from its AppConfig.ready(), so cms.core imports no content app.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import store


def _purge_all(**kwargs):
    store.purge_all()


def _setting_saved(sender, created=False, **kwargs):
    # Wagtail creates a site's settings row with its defaults the first time a page reads it,
    # halfway through rendering: the page already shows those defaults.
    if not created:
        store.purge_all()


def _page_changed(sender, instance, **kwargs):
    # Saving a live page directly (scripts, the demo loader) changes what visitors see as much
    # as publishing does; a draft save purges needlessly but rarely.
    from wagtail.models import Page

    if isinstance(instance, Page):
        store.purge_all()


def _went_live_or_off(sender, instance, **kwargs):
    store.purge_all()
    purge_cdn_around(instance)


def purge_cdn_around(page):
    """With a CDN configured (WAGTAILFRONTENDCACHE), Wagtail purges a (un)published page's own
    URLs; the pages above it (its index, the home page) and the sitemap list it too. Other
    pages in the CDN follow within their max-age."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    ancestors = list(page.get_ancestors().filter(depth__gt=1).specific())
    batch.add_pages(ancestors)
    if ancestors:
        root = ancestors[0].get_full_url()
        if root:
            batch.add_url(root.rstrip("/") + "/sitemap.xml")
    batch.purge()


def _shared_models():
    """Models whose rows show on many pages: the menu and footer links, themes, images,
    documents, page privacy, sites (the settings are listed by Wagtail's registry; content
    apps add theirs through register_shared_model)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from cms.core.models import FooterLink, MenuItem, Theme

    return [MenuItem, FooterLink, Theme, get_image_model(), get_document_model(),
            PageViewRestriction, Site]


def register_shared_model(model):
    """Purge the whole page cache whenever a row of `model` is saved or deleted: for a model
    whose rows show on many pages (a magazine's name under every article it appeared in).

    Called by the owning app, typically from its AppConfig.ready(); safe to call twice (the
    dispatch uids keep one connection)."""
    label = model._meta.label_lower
    post_save.connect(_purge_all, sender=model, dispatch_uid=f"pagecache-save-{label}")
    post_delete.connect(_purge_all, sender=model, dispatch_uid=f"pagecache-delete-{label}")


def connect():
    from wagtail.contrib.settings.registry import registry

    page_published.connect(_went_live_or_off, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(_went_live_or_off, dispatch_uid="pagecache-page-unpublished")
    post_page_move.connect(_purge_all, dispatch_uid="pagecache-page-moved")
    # Specific page classes send their own post_save/post_delete: no sender covers them all.
    post_save.connect(_page_changed, dispatch_uid="pagecache-page-saved")
    post_delete.connect(_page_changed, dispatch_uid="pagecache-page-deleted")
    for model in registry:  # contact details, navigation, comment rules
        label = model._meta.label_lower
        post_save.connect(_setting_saved, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_purge_all, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    for model in _shared_models():
        register_shared_model(model)
