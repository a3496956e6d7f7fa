"""gunicorn settings for MotCua (``gunicorn -c deploy/gunicorn.conf.py motcua.wsgi``).

Each setting can be changed by the environment variable named beside it.
"""

import multiprocessing
import os

# Where nginx sends requests. A unix socket or 127.0.0.1 only: the application trusts the
# forwarding headers of TRUSTED_PROXIES alone, and nothing else should reach it directly.
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")

# Synchronous workers: each serves one request at a time with its own database connection.
# Pages spend most of their time in Python, so more workers than 2 × cores + 1 only add
# memory (about 100 MB each); 8 at most unless WEB_WORKERS says otherwise.
workers = int(os.environ.get("WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "sync"

# PDF forms and Excel exports take seconds, not minutes; a request past this is stuck.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then, so that a slow leak in a library never grows unbounded.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10

# The client's address is decided by the application (TRUSTED_PROXIES), not by gunicorn.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
# The access log names no query string: lookups carry a dossier code and a phone digit.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
