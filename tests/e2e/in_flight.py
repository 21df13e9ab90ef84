"""Count the requests the live server is answering, so that a browser test can wait for them.

A page may send one last request as it closes (the article form's autosave does); answered
while the test's database is being emptied, it would break the next test.
"""

import threading
import time

_lock = threading.Lock()
_in_flight = 0
_last_finished = 0.0


class RequestsInFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _in_flight, _last_finished
        with _lock:
            _in_flight += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _in_flight -= 1
                _last_finished = time.monotonic()


def wait_until_idle(quiet=0.3, timeout=10):
    """Return once no request has been in flight for `quiet` seconds (or after `timeout`)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with _lock:
            idle_since = max(_last_finished, start) if _in_flight == 0 else None
        if idle_since is not None and time.monotonic() - idle_since >= quiet:
            return
        time.sleep(0.05)
