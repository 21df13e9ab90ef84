"""The site's URLs plus /bench/floor, a trivial view that measures the framework floor.

/bench/floor passes through the same middleware as every page, but is marked never_cache
so that the page cache never stores it: each request really runs a (trivial) Django view.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from smallbiz.urls import urlpatterns as site_urlpatterns


@never_cache
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor", floor, name="bench_floor"), *site_urlpatterns]
