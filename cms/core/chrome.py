"""The site's chrome (menu, footer links, contact details), cached per site.

Every page shows it, and building it costs four queries; editors change it rarely. The cache
entry is dropped whenever a setting, a link or any page (titles and slugs feed the menu)
is saved, moved or deleted.
"""

import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site
from wagtail.signals import page_unpublished, post_page_move

CACHE_SECONDS = 60 * 60
CONTACT_FIELDS = ("vraagbaak_phone", "vraagbaak_hours", "vraagbaak_email", "general_email",
                  "administration_email", "footer_text", "vraagbaak_phone_href")


def _key(site_id):
    return f"site-chrome:v1:{site_id}"


def _links(manager):
    return [{"title": item.title, "href": item.href or ""}
            for item in manager.select_related("page").order_by("sort_order")]


def build(site):
    from .models import NavigationSettings, SiteSettings

    contact = SiteSettings.for_site(site)
    nav = NavigationSettings.for_site(site)
    return {
        "contact": {name: getattr(contact, name) for name in CONTACT_FIELDS},
        "menu": _links(nav.menu_items),
        "footer": _links(nav.footer_links),
    }


def for_site(site):
    if site is None:
        return {"contact": {}, "menu": [], "footer": []}
    data = cache.get(_key(site.pk))
    if data is None:
        data = build(site)
        cache.set(_key(site.pk), data, CACHE_SECONDS)
    return data


def _is_current(href, path):
    if not href or not href.startswith("/"):
        return False
    return path == href or (href != "/" and path.startswith(href))


def for_request(request):
    data = for_site(Site.find_for_request(request))
    return {
        **data,
        "menu": [{**item, "is_current": _is_current(item["href"], request.path)}
                 for item in data["menu"]],
    }


def context_processor(request):
    return {"chrome": SimpleLazyObject(lambda: for_request(request))}


GENERATION_KEY = "page-tree-generation:v1"


def generation():
    """A number that changes whenever the chrome is invalidated (any page or setting change):
    caches derived from the page tree, such as breadcrumbs, put it in their keys."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.set(GENERATION_KEY, value, None)
    return value


def breadcrumbs(page, request=None):
    """[{title, url}] for the ancestors below the root, cached until the tree changes."""
    key = f"breadcrumbs:{generation()}:{page.pk}"
    crumbs = cache.get(key)
    if crumbs is None:
        crumbs = [{"title": ancestor.title, "url": ancestor.get_url(request)}
                  for ancestor in page.get_ancestors().filter(depth__gt=1)]
        cache.set(key, crumbs, CACHE_SECONDS)
    return crumbs


def invalidate(**kwargs):
    cache.delete_many([_key(pk) for pk in Site.objects.values_list("pk", flat=True)]
                      + [GENERATION_KEY])


def connect():
    from .models import FooterLink, MenuItem, NavigationSettings, SiteSettings

    for model in (SiteSettings, NavigationSettings, MenuItem, FooterLink, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"chrome-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"chrome-del-{model.__name__}")
    # Specific page classes send their own post_save; listening without a sender covers them.
    post_save.connect(_page_saved, dispatch_uid="chrome-page-save")
    post_delete.connect(_page_saved, dispatch_uid="chrome-page-delete")
    page_unpublished.connect(invalidate, dispatch_uid="chrome-page-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="chrome-page-move")


def _page_saved(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate()
