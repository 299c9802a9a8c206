"""gunicorn settings for the site: `gunicorn -c cms/ops/gunicorn.conf.py cms.wsgi`.

Command-line options win over these (the smoke test starts 1-worker servers with --workers 1).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two processes per core is plenty for a site whose pages wait on PostgreSQL and Redis.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Sync workers: every request is short; slow clients are the reverse proxy's job (nginx/Caddy
# buffers them), so no worker waits on a slow upload or a slow phone.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A fresh process now and then keeps a slow leak (a library's cache) from growing forever; the
# jitter keeps both workers from restarting at the same moment. Rarely: a new worker imports
# Django and Wagtail for about a second while the requests queued at it wait. At 2,000
# requests per worker and several hundred cached pages a second that was every few seconds,
# and it was the load benchmark's p99 (20-850 ms against 12-14 ms without restarts;
# bench/README.md).
# GUNICORN_PRELOAD=on loads the app once in the arbiter, so a new worker is forked ready in
# milliseconds; off by default because then `systemctl reload` (HUP) would fork the new
# workers from the old code after an upgrade, where now it loads the new code gracefully.
# Nothing opens a database or Redis connection at import, so preloading shares none.
preload_app = os.environ.get("GUNICORN_PRELOAD", "off").lower() == "on"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Only the reverse proxy on this machine may say which scheme the visitor used.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Heartbeat files in memory: a full or slow disk must not make the arbiter kill workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
