from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="index"),
    path("blog/", views.BlogView.as_view(), name="blog"),
    path("site-index/", views.SiteIndexView.as_view(), name="site_index"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="rss_feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom_feed"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
    path("<slug:slug>/", views.CategoryDetailView.as_view(), name="category_detail"),
    # Before the article route: an article may not take the slug "feed" (see validators).
    path("<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path(
        "<slug:category>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
]
