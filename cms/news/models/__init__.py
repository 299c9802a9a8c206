"""The news models, one module per concern; Django and callers import them from here.

`items` comes first: `pages` builds on NewsItemPage. The listings are NewsItemPage.objects'
queryset methods (items.NewsItemQuerySet), so no module here imports one that imports back.
"""

from .items import NewsItemKeyword, NewsItemPage
from .pages import ArticlePage, NewsIndexPage, RelatedItem
from .snippets import MagazineSource

__all__ = [
    "ArticlePage",
    "MagazineSource",
    "NewsIndexPage",
    "NewsItemKeyword",
    "NewsItemPage",
    "RelatedItem",
]
