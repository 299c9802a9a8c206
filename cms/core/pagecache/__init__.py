"""Whole pages for anonymous visitors, from the "pages" cache (Redis in production).

Built on Django's cache framework (see README "Paginacache" for why not wagtail-cache or
Django's own cache middleware): `middleware.PageCacheMiddleware` serves and stores,
`rules` decides by request and response alone, `store` keeps the entries and purges them,
`signals` purges on publishing and on changes to what many pages show.

Apps that own something a page shows call `purge_page(page)` (one page: its comments) or
`purge_all()` (something on many pages) after a change; both also run again on commit.
An app whose own model shows on many pages calls `register_shared_model(Model)` from its
AppConfig.ready(): saving or deleting a row then purges everything.
`fragment(name, render, variant, path)` keeps a part of a page (`kept`, any value) under the
same tokens, so the same purges drop it.
"""

from .fragments import fragment, kept, render_in_context
from .signals import register_shared_model
from .store import purge_all, purge_page, purge_paths

__all__ = [
    "fragment", "kept", "purge_all", "purge_page", "purge_paths", "register_shared_model",
    "render_in_context",
]
