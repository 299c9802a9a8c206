"""One page of an article's comment threads: a fixed number of queries and rows per view,
however long the conversation grows.

Up to THREADS_PER_PAGE top-level comments show in conversation order (oldest first). A longer
conversation shows the newest threads first, THREADS_PER_PAGE at a time, with a link to the
older ones (`?reacties=2`). Replies always stay under their thread, oldest first.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
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


def _page_number(raw, num_pages):
    """`?reacties=` as a page number; garbage or out of range is a 404, as on every list."""
    if raw in (None, ""):
        return 1
    if not (isinstance(raw, str) and raw.isdigit() and len(raw) < 6):
        raise Http404("No such page of comments")
    number = int(raw)
    if not 1 <= number <= num_pages:
        raise Http404("No such page of comments")
    return number


def thread_page(user, item, raw_number=None, base_url=""):
    """The threads on page `raw_number` (from `?reacties=`) as `user` sees them, each with
    `visible_replies`. Two queries for a short conversation (its threads, their replies);
    a long one adds one for the counts."""
    visible = Comment.objects.visible_to(user, item)
    tops = visible.filter(parent__isnull=True).select_related("author").order_by(
        "-created", "-pk")
    newest = list(tops[:THREADS_PER_PAGE + 1])
    if len(newest) <= THREADS_PER_PAGE and raw_number in (None, "", "1"):
        page = ThreadPage(1, 1, len(newest), 0, list(reversed(newest)), base_url=base_url)
    else:
        totals = visible.aggregate(
            threads=Count("pk", filter=Q(parent__isnull=True)),
            published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
        )
        num_pages = max(1, -(-totals["threads"] // THREADS_PER_PAGE))
        number = _page_number(raw_number, num_pages)
        start = (number - 1) * THREADS_PER_PAGE
        comments = (newest[:THREADS_PER_PAGE] if number == 1
                    else list(tops[start:start + THREADS_PER_PAGE]))
        page = ThreadPage(number, num_pages, totals["threads"], totals["published"], comments,
                          base_url=base_url)
    replies = {}
    if page.comments:
        for reply in (visible.filter(parent_id__in=[top.pk for top in page.comments])
                      .select_related("author").order_by("created", "pk")):
            replies.setdefault(reply.parent_id, []).append(reply)
    for top in page.comments:
        top.visible_replies = replies.get(top.pk, [])
    if not page.paginated:
        page.published = sum(1 for top in page.comments for c in (top, *top.visible_replies)
                             if c.status == Comment.Status.PUBLISHED)
    return page


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
