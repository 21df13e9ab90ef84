"""Site search: the same contract on SQLite (FTS5) and PostgreSQL (tsvector)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from articles.search import search
from tests.factories import make_article, make_category, make_section

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    '"',
    '"cash flow',
    "cash AND flow",
    "cash OR NOT flow",
    "NEAR(cash flow, 2)",
    "cash*",
    "-cash",
    "^cash",
    "title:cash",
    "{title}: cash",
    "cash & !flow | (x <-> y)",
    "100%",
    "%",
    "_",
    "%_%",
    "cash\x00flow",
    "\x00",
    "'; DROP TABLE articles_article; --",
    "\\",
    "cash" * 1250,
    "word " * 1000,
    "中小企業の資金繰り",
    "Продажи и маркетинг",
    "التسويق",
    "🙂 💰",
    "   ",
    "",
]


def titles(text, page=1):
    return [article.title for article in search(text, page)]


def test_finds_words_in_title_summary_section_headings_and_bodies():
    make_article(title="Quarterly Forecasting")
    make_article(summary="Why a bookkeeper saves money.")
    article = make_article(title="Sections")
    make_section(article, heading="Negotiating with landlords")
    other = make_article(title="Body")
    make_section(other, body="Keep a *contingency* fund for surprises.")
    make_article(title="Intro", intro="Start with an **inventory** of your skills.")

    assert titles("forecasting") == ["Quarterly Forecasting"]
    assert titles("bookkeeper") == [Article.objects.get(summary__contains="bookkeeper").title]
    assert titles("landlords") == ["Sections"]
    assert titles("contingency") == ["Body"]
    assert titles("inventory") == ["Intro"]


def test_every_word_must_match():
    make_article(title="Cash Flow Basics")
    make_article(title="Cash Registers")

    assert titles("cash flow") == ["Cash Flow Basics"]
    assert sorted(titles("cash")) == ["Cash Flow Basics", "Cash Registers"]


def test_words_match_their_other_forms():
    make_article(title="Hiring Your First Employee")
    assert titles("hire") == ["Hiring Your First Employee"]
    assert titles("HIRES") == ["Hiring Your First Employee"]


def test_a_title_match_ranks_above_body_matches():
    buried = make_article(title="Running a Shop", published_at=timezone.now() - timedelta(hours=1))
    make_section(buried, body="Cash, cash and more cash: count the cash every day. " * 5)
    make_article(
        title="Cash Flow Basics",
        summary="Timing matters.",
        published_at=timezone.now() - timedelta(days=30),
    )

    assert titles("cash") == ["Cash Flow Basics", "Running a Shop"]


def test_a_summary_match_ranks_above_a_body_match():
    in_body = make_article(title="One", summary="Nothing to see.")
    make_section(in_body, body="A word about invoices.")
    make_article(title="Two", summary="Sending invoices on time.")

    assert titles("invoices") == ["Two", "One"]


def test_drafts_and_scheduled_articles_are_never_found():
    make_article(title="Published Pricing")
    make_article(title="Draft Pricing", status=Article.Status.DRAFT)
    make_article(title="Scheduled Pricing", published_at=timezone.now() + timedelta(days=1))

    assert titles("pricing") == ["Published Pricing"]


def test_results_show_highlighted_title_and_snippet_escaped():
    article = make_article(title="Cash & <Carry> Tips", summary="Plain summary.")
    make_section(article, body="Count your cash daily & keep 5 < 6 receipts.")

    [result] = search("cash")

    assert result.title_html == "<mark>Cash</mark> &amp; &lt;Carry&gt; Tips"
    assert "<mark>cash</mark>" in result.snippet_html
    assert "&amp; keep 5 &lt; 6 receipts" in result.snippet_html
    assert "<script" not in result.snippet_html


def test_snippet_falls_back_to_the_summary_when_the_body_does_not_match():
    make_article(title="Budgets", summary="A budget for marketing.", intro="Numbers first.")

    [result] = search("marketing")

    assert result.snippet_html == "A budget for <mark>marketing</mark>."


def test_the_index_follows_saves_and_deletes():
    article = make_article(title="Old Title")
    section = make_section(article, heading="Pricing", body="Talk about margins.")

    article.title = "New Heading"
    article.save()
    assert titles("old") == []
    assert titles("new") == ["New Heading"]

    section.body = "Talk about discounts."
    section.save()
    assert titles("margins") == []
    assert titles("discounts") == ["New Heading"]

    section.delete()
    assert titles("discounts") == []

    make_section(article, body="Loyalty schemes.")
    assert titles("loyalty") == ["New Heading"]

    Article.objects.filter(pk=article.pk).delete()
    assert titles("heading") == []


def test_a_section_moved_to_another_article_moves_in_the_index():
    first = make_article(title="First")
    second = make_article(title="Second")
    section = make_section(first, body="Franchising explained.")

    Section.objects.filter(pk=section.pk).update(article=second)

    assert titles("franchising") == ["Second"]


def test_hostile_queries_give_a_page_never_an_error(client, subtests):
    make_article(title="Cash Flow Basics")
    for query in HOSTILE_QUERIES:
        with subtests.test(query=query[:40]):
            response = client.get(reverse("articles:search"), {"q": query})
            assert response.status_code == 200
            assert search(query).paginator.count in {0, 1}


def test_non_latin_words_are_found():
    make_article(title="Продажи и маркетинг")
    assert titles("маркетинг") == ["Продажи и маркетинг"]


def test_search_page_lists_results_with_category_and_snippet(client):
    category = make_category(name="Planning", slug="planning")
    article = make_article(category=category, title="Cash Flow Basics")

    response = client.get(reverse("articles:search"), {"q": "cash"})

    assert response.status_code == 200
    assert "articles/search.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert f'href="{article.get_absolute_url()}"><mark>Cash</mark> Flow Basics</a>' in body
    assert 'href="/planning/">Planning</a>' in body
    assert "1 article found" in body
    assert '<meta name="robots" content="noindex">' in body


def test_the_search_page_without_words_may_be_indexed(client):
    body = client.get(reverse("articles:search")).content.decode()

    assert 'name="robots"' not in body


def test_search_results_are_paginated_and_keep_the_query(client):
    category = make_category()
    for number in range(12):
        make_article(category=category, title=f"Marketing idea {number}")

    first = client.get(reverse("articles:search"), {"q": "marketing"})
    second = client.get(reverse("articles:search"), {"q": "marketing", "page": 2})

    assert len(first.context["page_obj"]) == 10
    assert len(second.context["page_obj"]) == 2
    assert 'href="?q=marketing&amp;page=2"' in first.content.decode()
    bad_page = client.get(reverse("articles:search"), {"q": "marketing", "page": "x"})
    assert bad_page.status_code == 200


def test_no_results_suggests_the_site_index(client):
    response = client.get(reverse("articles:search"), {"q": "zeppelin"})
    body = response.content.decode()
    assert "No articles match “zeppelin”" in body
    assert f'href="{reverse("articles:site_index")}"' in body


def test_empty_search_shows_the_form_only(client):
    response = client.get(reverse("articles:search"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-q"' in body
    assert "No articles match" not in body


def test_every_page_has_a_search_form_in_its_header(client):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/site-index/", "/no-such-page/"]:
        body = client.get(url).content.decode()
        header = body[body.index('<header class="site-header">') : body.index("</header>")]
        assert f'action="{reverse("articles:search")}" method="get" role="search"' in header
        assert 'name="q"' in header


def test_search_answers_get_and_head_only(client):
    assert client.head(reverse("articles:search"), {"q": "cash"}).status_code == 200
    assert client.post(reverse("articles:search"), {"q": "cash"}).status_code == 405
