from urllib.parse import urlencode

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from articles import drafts
from articles.models import Article, Category, Page
from articles.read_more import read_more
from articles.search import MAX_QUERY_LENGTH
from articles.search import search as search_articles
from insights import searches
from promos.selection import promo_for

# The home page's lead story and the newest articles after it, as cards.
HOME_ARTICLE_COUNT = 7


def can_preview(user):
    """Return True if the user may see drafts and scheduled articles on the site."""
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


# What a card in a list of articles shows: its picture too, when it has one.
ARTICLE_LIST_FIELDS = (
    "title",
    "slug",
    "summary",
    "published_at",
    "hero_image",
    "hero_alt",
    "hero_width",
    "hero_height",
    "hero_renditions",
    "category__name",
    "category__slug",
)


def article_list_queryset():
    """Published articles with what a list of article cards shows, newest first."""
    return (
        Article.objects.published()
        .newest_first()
        .select_related("category")
        .only(*ARTICLE_LIST_FIELDS)
    )


class HomeView(TemplateView):
    template_name = "articles/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead, *newest = article_list_queryset()[:HOME_ARTICLE_COUNT] or [None]
        context["lead_article"] = lead
        context["newest_articles"] = newest
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
    # Sections of unpublished changes shown to an editor (?draft=1), else None.
    draft_sections = None

    def get_queryset(self):
        # Editors may preview drafts and scheduled articles; visitors see published ones.
        articles = (
            Article.objects.all() if can_preview(self.request.user) else Article.objects.published()
        )
        return articles.filter(category__slug=self.kwargs["category"]).select_related(
            "category", "author"
        )

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if self.previews_changes(article):
            content = article.draft.content
            drafts.show(article, content)
            self.draft_sections = drafts.sections(article, content)
        return article

    def previews_changes(self, article):
        """Return True if an editor asked to see the article's unpublished changes."""
        wanted = "draft" in self.request.GET and can_preview(self.request.user)
        return wanted and article.has_unpublished_changes()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previewing = self.draft_sections is not None
        context["sections"] = self.draft_sections if previewing else self.object.sections.all()
        context["read_more"] = read_more(self.object)
        context["promo"] = promo_for(self.object)
        context["previews_changes"] = previewing
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["previews_changes"]:
            # Never kept by a cache on the way: only this editor may see these changes.
            add_never_cache_headers(response)
        return response


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
        # The stream shows each article's opening words under its summary.
        return article_list_queryset().only(*ARTICLE_LIST_FIELDS, "intro_text")


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
    response = render(request, "articles/search.html", context)
    # Stored with the page in the page cache, so a cached search is counted rightly too.
    return searches.mark_found(response, found=page.paginator.count > 0)
