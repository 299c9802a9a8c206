"""The news models, one module per concern; Django and callers import them from here.

`items` comes first: `pages` (through `cms.news.queries`) needs NewsItemPage on this package.
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
