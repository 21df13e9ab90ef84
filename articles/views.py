from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from articles.article_page import article_sections, find_article
from articles.models import Article, Category, Page
from articles.search import MAX_QUERY_LENGTH
from articles.search import search as search_articles
from smallbiz.cache import for_version

HOME_ARTICLE_COUNT = 6
# Read More: the editor's picks, topped up to three from the article's category; at most
# ten links, however many articles an editor picked.
READ_MORE_MINIMUM = 3
READ_MORE_LIMIT = 10


def can_preview(user):
    """Return True if the user may see drafts and scheduled articles on the site."""
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


def categories_by_slug(request):
    """Return every category by slug, in menu order, read once per content version."""
    return for_version(request, "categories", lambda: {c.slug: c for c in Category.objects.all()})


def article_list_queryset():
    """Published articles with what a list of article cards shows, newest first."""
    return (
        Article.objects.published()
        .newest_first()
        .select_related("category")
        .only(
            "title",
            "slug",
            "summary",
            "published_at",
            "category__name",
            "category__slug",
        )
    )


def read_more(article):
    """Return the Read More list: the editor's published picks, then, if there are fewer
    than three, the newest other published articles in the same category. One query."""
    picks = Article.related.through.objects.filter(
        from_article=article.pk, to_article=OuterRef("pk")
    )
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(is_pick=Exists(picks))
        .filter(Q(is_pick=True) | Q(category=article.category_id))
        .select_related("category")
        .only("title", "slug", "summary", "category__slug")
        .order_by("-is_pick", "-published_at", "-pk")[:READ_MORE_LIMIT]
    )
    chosen = [candidate for candidate in candidates if candidate.is_pick]
    others = [candidate for candidate in candidates if not candidate.is_pick]
    return chosen + others[: max(0, READ_MORE_MINIMUM - len(chosen))]


class HomeView(TemplateView):
    template_name = "articles/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["newest_articles"] = article_list_queryset()[:HOME_ARTICLE_COUNT]
        context["home_page"] = Page.objects.filter(slug="home").first()
        return context


class CategoryDetailView(DetailView):
    model = Category
    context_object_name = "category"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = article_list_queryset().filter(category=self.object)
        return context


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_object(self, queryset=None):
        category = categories_by_slug(self.request).get(self.kwargs["category"])
        article = category and find_article(
            category, self.kwargs["slug"], drafts=can_preview(self.request.user)
        )
        if not article:
            raise Http404("No published article at this address.")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read More changes only when content does: work it out once per content version.
        context["sections"] = article_sections(self.object)
        context["read_more"] = for_version(
            self.request, ("read_more", self.object.pk), lambda: read_more(self.object)
        )
        return context


class SiteIndexView(ListView):
    template_name = "articles/site_index.html"
    context_object_name = "categories"

    def get_queryset(self):
        return Category.objects.prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.published()
                .order_by("title")
                .only("title", "slug", "summary", "category_id"),
                to_attr="published_articles",
            )
        )


class BlogView(ListView):
    template_name = "articles/blog.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        return article_list_queryset()


class PageDetailView(DetailView):
    model = Page
    context_object_name = "page"


@require_safe
def search(request):
    """Show the published articles that match the visitor's words, best first."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    page = search_articles(query, request.GET.get("page"))
    context = {
        "query": query,
        "page_obj": page,
        "paginator": page.paginator,
        "page_query": urlencode({"q": query}),
    }
    return render(request, "articles/search.html", context)
