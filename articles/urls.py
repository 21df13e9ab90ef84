from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="index"),
    path("blog/", views.BlogView.as_view(), name="blog"),
    path("site-index/", views.SiteIndexView.as_view(), name="site_index"),
    path("search/", views.search, name="search"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
    path("<slug:slug>/", views.CategoryDetailView.as_view(), name="category_detail"),
    path(
        "<slug:category>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
]
