"""A fixed-window rate limiter on the cache (Redis in production, shared by every worker)."""

from django.core.cache import cache


def hit(key, limit, window_seconds):
    """Count one attempt for `key`; False once more than `limit` happened in the window."""
    cache_key = f"ratelimit:{key}"
    # add() only sets when absent, so the window starts at the first attempt.
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
