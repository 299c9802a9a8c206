from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, items, per_page, param="page"):
    """Return one page of `items` for `?page=`, or raise 404 for garbage or out-of-range numbers.

    A 404 (not a silent jump to page 1) keeps search engines from indexing endless duplicates,
    and never lets a hand-edited URL turn into a 500.
    """
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    raw = request.GET.get(param, "1")
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage, ValueError, TypeError) as exc:
        raise Http404("Page not found") from exc
