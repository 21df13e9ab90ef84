"""A URLconf that mounts the articles under /guides/, for tests of URL reversing."""

from django.urls import include, path

urlpatterns = [path("guides/", include("articles.urls"))]
