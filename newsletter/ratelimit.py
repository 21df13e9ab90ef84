"""A per-client rate limit for the forms that send email, counted in Django's cache.

With the shared cache of a production setup (Redis) the count holds across processes and
hosts; with the local-memory cache it is per process, which is still enough to slow a robot.
"""

import ipaddress
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from smallbiz.client_ip import client_ip


def client_key(request):
    """Return the cache key part for the client: its IPv4 address, or its IPv6 /64 network.

    One IPv6 host usually has a whole /64 to pick addresses from.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def is_over_limit(request, scope, limit, window):
    """Count one attempt by this client; return True if it made more than `limit` in the window."""
    key = f"newsletter:rate:{scope}:{client_key(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this attempt starts a new window.
        cache.set(key, 1, timeout=window)
        return False
    return count > limit


def rate_limit(scope, limit=5, window=60):
    """Answer POSTs with a friendly 429 page once a client makes more than `limit` a `window`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_over_limit(request, scope, limit, window):
                response = render(
                    request, "newsletter/rate_limited.html", {"window": window}, status=429
                )
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
