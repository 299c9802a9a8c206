"""One page of an article's comment threads: a fixed number of queries and rows per view,
however long the conversation grows.

Up to THREADS_PER_PAGE top-level comments show in conversation order (oldest first). A longer
conversation shows the newest threads first, THREADS_PER_PAGE at a time, with a link to the
older ones (`?reacties=2`). Replies always stay under their thread, oldest first.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from .models import Comment

THREADS_PER_PAGE = 50
PAGE_PARAM = "reacties"
REPLY_PARAM = "antwoord"


@dataclass
class ThreadPage:
    number: int
    num_pages: int
    threads: int
    published: int
    comments: list = field(default_factory=list)
    base_url: str = ""

    @property
    def paginated(self):
        return self.num_pages > 1

    @property
    def newer(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def older(self):
        return self.number + 1 if self.number < self.num_pages else None

    def url(self, number=None, **extra):
        """This (or another) page of threads, with `extra` query parameters."""
        number = self.number if number is None else number
        params = {PAGE_PARAM: number} if number > 1 else {}
        params.update(extra)
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"{self.base_url}?{query}" if query else self.base_url

    @property
    def newer_url(self):
        return self.url(self.newer) if self.newer else None

    @property
    def older_url(self):
        return self.url(self.older) if self.older else None


def page_number(raw):
    """`?reacties=` as a page number; garbage is a 404, as on every list."""
    if raw in (None, ""):
        return 1
    if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) < 6
            and int(raw) >= 1):
        raise Http404("No such page of comments")
    return int(raw)


def thread_page(user, item, raw_number=None, base_url=""):
    """The threads on page `raw_number` (from `?reacties=`) as `user` sees them, each with
    `visible_replies`. One query, however long the conversation: the page's top-level
    comments and their replies, each row carrying the totals (uncorrelated subqueries, which
    the database runs once)."""
    number = page_number(raw_number)
    visible = Comment.objects.visible_to(user, item)
    item_id = getattr(item, "pk", item)
    top_level = visible.filter(parent__isnull=True)
    start = (number - 1) * THREADS_PER_PAGE
    page_tops = top_level.order_by("-created", "-pk").values("pk")[start:start + THREADS_PER_PAGE]
    threads = top_level.order_by().values("item_id").annotate(n=Count("pk")).values("n")
    # Every published comment shows (a published reply keeps even a rejected parent's place).
    published = (Comment.objects.filter(item_id=item_id, status=Comment.Status.PUBLISHED)
                 .order_by().values("item_id").annotate(n=Count("pk")).values("n"))
    rows = list(
        visible.filter(Q(pk__in=page_tops) | Q(parent_id__in=page_tops))
        .select_related("author")
        .annotate(total_threads=Coalesce(Subquery(threads), 0),
                  total_published=Coalesce(Subquery(published), 0))
        .order_by("created", "pk"))
    if not rows:
        if number > 1:
            raise Http404("No such page of comments")
        return ThreadPage(1, 1, 0, 0, base_url=base_url)
    total = rows[0].total_threads
    num_pages = -(-total // THREADS_PER_PAGE)
    tops = [row for row in rows if row.parent_id is None]
    replies = {}
    for row in rows:
        if row.parent_id is not None:
            replies.setdefault(row.parent_id, []).append(row)
    for top in tops:
        top.visible_replies = replies.get(top.pk, [])
    # A conversation that fits one page reads as one: oldest first; a longer one newest first.
    return ThreadPage(number, num_pages, total, rows[0].total_published,
                      tops if num_pages == 1 else tops[::-1], base_url=base_url)


def page_of(user, comment):
    """The `?reacties=` page that shows `comment`'s thread to `user` (1 for a short
    conversation), so a redirect after posting or editing lands on it."""
    top_id = comment.parent_id or comment.pk
    visible = Comment.objects.visible_to(user, comment.item_id).filter(parent__isnull=True)
    if visible.count() <= THREADS_PER_PAGE:
        return 1
    top = Comment.objects.filter(pk=top_id).values("created").first()
    if top is None:
        return 1
    newer = visible.filter(
        Q(created__gt=top["created"]) | Q(created=top["created"], pk__gt=top_id)
    ).count()
    return newer // THREADS_PER_PAGE + 1
