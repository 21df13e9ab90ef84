"""Site search: ranked full-text search over published articles, on SQLite or PostgreSQL.

`search(text, page_number)` is the one entry point. It reads the index that migration 0003
keeps in the table articles_search (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL),
so both databases follow the same contract:

- every word of the query must match, after English stemming ("hiring" finds "hire");
- an article whose title matches ranks above any whose title does not, then by relevance
  (title, then summary, then the body), then newest first;
- only `Article.objects.published()` can be found;
- the visitor's text never reaches the query language: it is cut into words of letters and
  digits, so quotes, operators (AND, OR, NEAR, *, -, ^), %, _ and NUL bytes are separators.

Two queries answer a page: the ranked ids of every match (cheap: no text is read), then
the page's articles with their highlights (the costly part, for ten rows only).
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    Lexeme,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, SearchEntry

RESULTS_PER_PAGE = 10
# Longer queries are cut: no real question needs more, and the work stays bounded.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A word is a run of letters and digits in any script; everything else separates words.
WORD = re.compile(r"[^\W_]+")

# The index marks matched words with these control characters, which the indexed text
# (rendered Markdown made plain) does not contain; they become <mark> after escaping.
MARK_START, MARK_END = "\x02", "\x03"
MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")

POSTGRESQL_CONFIG = "english"


def search(text, page_number=1):
    """Return a page of the published articles that match every word of `text`, best first.

    Each article on the page has `rank`, `title_html` and `snippet_html`: its title and an
    excerpt, escaped, with the matched words in <mark>. Text without words gives an empty
    page; a page number out of range gives the nearest page.
    """
    terms = search_terms(text)
    if not terms:
        return Paginator([], RESULTS_PER_PAGE).get_page(1)
    if connection.vendor == "postgresql":
        backend = PostgreSQLSearch(terms)
    else:
        backend = SQLiteSearch(terms)
    page = Paginator(backend.ranked_ids(), RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = backend.articles(page.object_list) if page.object_list else []
    return page


def search_terms(text):
    """Return the words of a visitor's query, at most MAX_TERMS, without repeats."""
    words = WORD.findall(str(text)[:MAX_QUERY_LENGTH].lower())
    return list(dict.fromkeys(words))[:MAX_TERMS]


def marked_html(text):
    """Escape `text` and turn the index's match markers into <mark> elements."""
    html = MARKED.sub(r"<mark>\1</mark>", escape(text or ""))
    return mark_safe(html.replace(MARK_START, "").replace(MARK_END, ""))


class IndexSearch:
    """What both databases share: pick the page's articles and attach their highlights."""

    def __init__(self, terms):
        self.terms = terms

    @staticmethod
    def published():
        # EXISTS rather than "rowid IN (published ids)": SQLite would hand that list to FTS5
        # and run the full-text query once per published article.
        return Exists(Article.objects.published().filter(pk=OuterRef("pk")))

    def ranked_ids(self):
        """Return (article id, rank) for every published match, best first."""
        raise NotImplementedError

    def highlighted_entries(self, ids):
        """Return the index entries for `ids` with title_marked, summary_marked, body_marked."""
        raise NotImplementedError

    def articles(self, ranked):
        """Return the articles for the (id, rank) pairs, in order, with their highlights."""
        ranks = dict(ranked)
        entries = (
            self.highlighted_entries(list(ranks))
            .select_related("article__category")
            .only(
                "article__title",
                "article__slug",
                "article__summary",
                "article__published_at",
                "article__category__name",
                "article__category__slug",
            )
        )
        articles = {}
        for entry in entries:
            article = entry.article
            article.rank = ranks[article.pk]
            article.title_html = marked_html(entry.title_marked)
            # The best excerpt of the body, or the summary when the body does not match.
            if MARK_START in entry.body_marked:
                article.snippet_html = marked_html(entry.body_marked)
            else:
                article.snippet_html = marked_html(entry.summary_marked)
            articles[article.pk] = article
        return [articles[pk] for pk in ranks if pk in articles]


class SQLiteSearch(IndexSearch):
    # Django names the base table of a query by its table name, so FTS5's functions,
    # which take the table as their first argument, can name it.
    RANK = "bm25(articles_search, 10.0, 4.0, 1.0)"  # lower is better; title, summary, body
    IN_TITLE = "instr(highlight(articles_search, 0, char(2), char(3)), char(2)) > 0"
    TITLE_MARKED = "highlight(articles_search, 0, char(2), char(3))"
    SUMMARY_MARKED = "highlight(articles_search, 1, char(2), char(3))"
    BODY_MARKED = "snippet(articles_search, 2, char(2), char(3), '…', 30)"

    def matches(self):
        # Each word becomes a quoted FTS5 string, so it can only ever be a word to match.
        match = " ".join('"{}"'.format(term.replace('"', '""')) for term in self.terms)
        return SearchEntry.objects.filter(
            RawSQL("articles_search MATCH %s", [match], output_field=BooleanField())
        )

    def ranked_ids(self):
        return list(
            self.matches()
            .filter(self.published())
            .annotate(
                rank=RawSQL(f"-{self.RANK}", ()),
                in_title=RawSQL(self.IN_TITLE, (), output_field=BooleanField()),
            )
            .order_by("-in_title", "-rank", "-article__published_at", "-pk")
            .values_list("pk", "rank")
        )

    def highlighted_entries(self, ids):
        return (
            self.matches()
            .filter(pk__in=ids)
            .annotate(
                title_marked=RawSQL(self.TITLE_MARKED, ()),
                summary_marked=RawSQL(self.SUMMARY_MARKED, ()),
                body_marked=RawSQL(self.BODY_MARKED, ()),
            )
        )


class PostgreSQLSearch(IndexSearch):
    # The tsvector column exists on PostgreSQL only, so SearchEntry leaves it out.
    DOCUMENT = RawSQL('"articles_search"."document"', (), output_field=SearchVectorField())

    def __init__(self, terms):
        super().__init__(terms)
        # Lexemes are quoted by Django, so the words reach to_tsquery as words only.
        self.query = SearchQuery(
            reduce(and_, [Lexeme(term) for term in terms]), config=POSTGRESQL_CONFIG
        )
        # Any of the words, in the title (weight A) only.
        self.title_query = SearchQuery(
            reduce(or_, [Lexeme(term, weight="A") for term in terms]), config=POSTGRESQL_CONFIG
        )

    def headline(self, field, **options):
        return SearchHeadline(
            field,
            self.query,
            config=POSTGRESQL_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            **options,
        )

    def ranked_ids(self):
        return list(
            SearchEntry.objects.alias(document=self.DOCUMENT)
            .filter(self.published(), document=self.query)
            .annotate(
                rank=SearchRank(F("document"), self.query),
                in_title=SearchVectorExact(F("document"), self.title_query),
            )
            .order_by("-in_title", "-rank", "-article__published_at", "-pk")
            .values_list("pk", "rank")
        )

    def highlighted_entries(self, ids):
        return SearchEntry.objects.filter(pk__in=ids).annotate(
            title_marked=self.headline("title", highlight_all=True),
            summary_marked=self.headline("summary", highlight_all=True),
            body_marked=self.headline(
                "body", max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … "
            ),
        )
