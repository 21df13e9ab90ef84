"""gunicorn settings for smallbiz: `gunicorn -c gunicorn.conf.py smallbiz.wsgi`.

Every value can be overridden from the environment, so one file serves a small single
server and a fleet of app servers behind a load balancer.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that a slow leak can never take the server down. Each
# restart costs 50-250 ms of CPU (the worker's interpreter teardown, then templates
# compiled again in its successor), about as much as a few hundred cached pages; at
# bench/http's rates every 2,000 requests meant a restart a second. 0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Load the app once in the master; workers fork with it already imported.
preload_app = True
# Requests are logged by the proxy in front; gunicorn logs errors only, never query strings.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Freeze the preloaded app's objects so that workers' garbage collections skip them.

    A full collection over the ~60,000 objects of the loaded app takes tens of
    milliseconds (a p99 spike); frozen, they are never scanned, and pages shared with the
    master are not copied by the collector's writes (Python's gc.freeze documentation).
    """
    gc.freeze()
