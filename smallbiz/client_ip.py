"""The visitor's address, as the proxies in front of the site report it.

One answer for every per-client rule (the subscribe rate limit, the admin login lockout).
SMALLBIZ_TRUSTED_PROXIES says how many proxies stand in front of the app (0: visitors
connect directly; 1: nginx; 2: a load balancer, then nginx). Each proxy appends the address
it received a request from to X-Forwarded-For, so with N proxies the visitor's address is
the N-th entry from the right: entries before it were sent by the visitor and prove nothing.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """Return the address of the client that sent `request` (a string; "" if unknown)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if proxies == 0:
        return remote_addr
    # The proxy nearest the app is REMOTE_ADDR; X-Forwarded-For lists the other proxies.
    address, _ = get_client_ip(
        request,
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote_addr
