"""The pre-publish check: each rule passes or advises, a broken link to this site is a problem,
and the article's change form shows the result."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from articles import markdown, prepublish
from articles.models import Article, Page, Redirect, Section
from articles.prepublish import Status
from tests.factories import image_upload, make_article, make_category, make_section

pytestmark = pytest.mark.django_db


def outcome(article, name, sections=None):
    """Return the check called `name` for the article."""
    return next(c for c in prepublish.check(article, sections) if c.name == name)


def with_intro(text, **kwargs):
    """An article whose introduction is the given Markdown."""
    return make_article(intro=text, **kwargs)


def test_every_rule_is_checked_in_a_fixed_order():
    checks = prepublish.check(make_article(sections=2))

    assert [c.name for c in checks] == [
        "Summary for search results",
        "Alt text on every image",
        "Links to other articles",
        "Headings in order",
        "Every section has a body",
        "Read More",
        "Links to this site work",
        "A title of its own",
    ]
    assert all(c.explanation and "\n" not in c.explanation for c in checks)


def test_summary_of_50_to_160_characters_passes(subtests):
    for length, expected in [
        (20, Status.ADVICE),
        (49, Status.ADVICE),
        (50, Status.PASS),
        (160, Status.PASS),
        (161, Status.ADVICE),
        (300, Status.ADVICE),
    ]:
        with subtests.test(length=length):
            article = make_article(summary="x" * length)
            assert outcome(article, "Summary for search results").status == expected


def test_images_without_alt_text_get_advice(subtests):
    cases = [
        ("no images at all", "Just words.", "", Status.PASS),
        ("a Markdown picture with alt", "![A till](/media/till.png)", "", Status.PASS),
        ("a Markdown picture without alt", "![](/media/till.png)", "", Status.ADVICE),
        ("a picture with blank alt", '![ ](/media/till.png "A till")', "", Status.ADVICE),
        ("a picture without alt in a section", "Words.", "![](/media/till.png)", Status.ADVICE),
    ]
    for label, intro, body, expected in cases:
        with subtests.test(label):
            article = with_intro(intro)
            make_section(article, body=body or "Section text.")
            assert outcome(article, "Alt text on every image").status == expected


def with_image(obj, field_name):
    """Give the article's hero or the section an uploaded picture (alt text is left to the test)."""
    getattr(obj, field_name).save("picture.png", image_upload(), save=False)
    return obj


def test_hero_and_section_images_without_alt_text_get_advice(subtests):
    # The database refuses an image without alt text; the check reads the article as given.
    article = with_image(make_article(), "hero_image")
    section = with_image(make_section(article), "image")
    for label, hero_alt, image_alt, expected in [
        ("both described", "A shop front", "A till", Status.PASS),
        ("hero undescribed", "", "A till", Status.ADVICE),
        ("section image undescribed", "A shop front", "  ", Status.ADVICE),
    ]:
        with subtests.test(label):
            article.hero_alt = hero_alt
            section.image_alt = image_alt
            check = outcome(article, "Alt text on every image", [section])
            assert check.status == expected
            if expected == Status.PASS:
                assert check.explanation == "All 2 images have alt text."


def test_advice_on_alt_text_says_which_image():
    article = with_intro("![](/media/till.png)")
    section = with_image(make_section(article, heading="Tools"), "image")

    check = outcome(article, "Alt text on every image", [section])

    assert check.explanation == (
        "No alt text: describe a picture in the introduction and the image of section “Tools”."
    )


def test_a_link_to_another_article_of_this_site_passes(settings, subtests):
    other = make_article()
    for label, href, expected in [
        ("a path", other.get_absolute_url(), Status.PASS),
        ("the full address", settings.SITE_URL + other.get_absolute_url(), Status.PASS),
        ("a section of it", other.get_absolute_url() + "#costs", Status.PASS),
        ("another site", "https://example.org/advice/", Status.ADVICE),
        ("a category", other.category.get_absolute_url(), Status.ADVICE),
        ("its own section", "#costs", Status.ADVICE),
        ("an e-mail address", "mailto:editor@example.com", Status.ADVICE),
    ]:
        with subtests.test(label):
            article = with_intro(f"Read [this]({href}).")
            assert outcome(article, "Links to other articles").status == expected


def test_a_link_to_an_old_address_counts_as_a_link_to_the_article_it_redirects_to():
    other = make_article()
    Redirect.objects.create(old_path="/old-pricing.html", new_path=other.get_absolute_url())

    article = with_intro("Read [the pricing guide](/old-pricing.html).")

    assert outcome(article, "Links to other articles").status == Status.PASS
    assert outcome(article, "Links to this site work").status == Status.PASS


def test_a_link_to_itself_is_not_a_link_to_another_article():
    article = make_article()
    article.intro = f"[Top]({article.get_absolute_url()})"
    article.save()

    assert outcome(article, "Links to other articles").status == Status.ADVICE


def test_headings_that_skip_a_level_get_advice(subtests):
    # The introduction sits under the title (h1); a section's text under its heading (h2).
    for label, intro, body, expected in [
        ("## then ### in the introduction", "## A\n\n### B", "Text.", Status.PASS),
        ("### first in the introduction", "### B", "Text.", Status.ADVICE),
        ("### then #### in a section", "Text.", "### A\n\n#### B", Status.PASS),
        ("#### first in a section", "Text.", "#### B", Status.ADVICE),
        ("## in a section", "Text.", "## A\n\n### B", Status.PASS),
        ("### then ##### in a section", "Text.", "### A\n\n##### B", Status.ADVICE),
        ("back up after going deeper", "Text.", "### A\n\n#### B\n\n### C", Status.PASS),
    ]:
        with subtests.test(label):
            article = with_intro(intro)
            make_section(article, body=body)
            assert outcome(article, "Headings in order").status == expected


def test_advice_on_headings_names_the_heading_and_the_level_to_use():
    article = make_article()
    make_section(article, heading="Costs", body="#### Travel\n\nBus fares.")

    check = outcome(article, "Headings in order")

    assert check.explanation == (
        "“Travel” in section “Costs” skips a level: make it ### (it is ####)."
    )


def test_a_section_without_a_body_gets_advice():
    article = make_article()
    written = make_section(article, heading="Written")
    # A body that renders to nothing (only markup the sanitiser removes) is as good as empty.
    empty = make_section(article, heading="Empty", body="<script>alert(1)</script>")

    check = outcome(article, "Every section has a body", [written, empty])

    assert check.status == Status.ADVICE
    assert check.explanation == "Write the text of “Empty”, or remove it."


def test_sections_with_bodies_pass(subtests):
    for label, sections in [("no sections", 0), ("three sections", 3)]:
        with subtests.test(label):
            article = make_article(sections=sections)
            assert outcome(article, "Every section has a body").status == Status.PASS


def test_read_more_passes_when_it_will_list_something(subtests):
    now = timezone.now()
    for label, make_other, expected in [
        ("nothing to show", None, Status.ADVICE),
        ("a published pick", lambda a: make_article(), Status.PASS),
        ("a draft pick", lambda a: make_article(status=Article.Status.DRAFT), Status.ADVICE),
        ("another in the category", lambda a: make_article(category=a.category), Status.PASS),
        (
            "a scheduled one in the category",
            lambda a: make_article(category=a.category, published_at=now + timedelta(days=1)),
            Status.ADVICE,
        ),
    ]:
        with subtests.test(label):
            article = make_article()
            if make_other:
                other = make_other(article)
                if other.category_id != article.category_id:
                    article.related.add(other)
            assert outcome(article, "Read More").status == expected


def test_read_more_says_where_its_articles_come_from(subtests):
    for label, picks, others, expected in [
        ("Picked", 2, 0, "Read More lists the 2 articles you picked."),
        (
            "Filled",
            0,
            1,
            "Read More fills in 1 article from “Filled”; pick related articles to choose them "
            "yourself.",
        ),
        ("Both", 1, 2, "Read More lists 1 picked and 2 from “Both”."),
    ]:
        with subtests.test(label):
            category = make_category(name=label)
            article = make_article(category=category)
            article.related.set([make_article() for _ in range(picks)])
            for _ in range(others):
                make_article(category=category)
            assert outcome(article, "Read More").explanation == expected


def test_a_link_to_a_missing_page_of_this_site_is_a_problem(subtests):
    article = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    Page.objects.create(title="About", slug="about", body="Us.")
    Redirect.objects.create(old_path="/old-pricing.html", new_path=article.get_absolute_url())
    default_storage.save("downloads/checklist.pdf", ContentFile(b"%PDF-1.4"))
    category = article.category.get_absolute_url()
    for href, expected in [
        (article.get_absolute_url(), Status.PASS),
        (f"{category}no-such-article/", Status.PROBLEM),
        (category, Status.PASS),
        ("/no-such-category/", Status.PROBLEM),
        (f"{category}feed/", Status.PASS),
        ("/pages/about/", Status.PASS),
        ("/pages/no-such-page/", Status.PROBLEM),
        ("/old-pricing.html", Status.PASS),
        ("/blog/", Status.PASS),
        ("/blog", Status.PASS),
        ("/newsletter/", Status.PASS),
        ("/media/downloads/checklist.pdf", Status.PASS),
        ("/media/downloads/missing.pdf", Status.PROBLEM),
        ("/media/..%2F..%2Fsecret.txt", Status.PROBLEM),
        ("/static/css/site.css", Status.PASS),
        ("/static/css/missing.css", Status.PROBLEM),
        ("https://example.org/no-such-page/", Status.PASS),
        (draft.get_absolute_url(), Status.ADVICE),
    ]:
        with subtests.test(href):
            linking = with_intro(f"See [this]({href}).")
            assert outcome(linking, "Links to this site work").status == expected


def test_a_problem_link_is_named_with_where_it_is():
    article = make_article()
    make_section(article, heading="Prices", body="See [the list](/prices/).")

    check = outcome(article, "Links to this site work")

    assert check.explanation == (
        "No page at /prices/ (in section “Prices”): fix or remove the link."
    )


def test_a_relative_link_is_resolved_from_the_article_address():
    category = make_category(slug="sales")
    make_article(category=category, slug="follow-up")

    article = with_intro("See [follow-up](../follow-up/).", category=category)

    assert outcome(article, "Links to this site work").status == Status.PASS
    assert outcome(article, "Links to other articles").status == Status.PASS


def test_a_title_used_by_another_article_gets_advice(subtests):
    make_article(title="Pricing Your First Job", category=make_category(name="Sales"))
    for title, expected in [
        ("Pricing your first job", Status.ADVICE),
        ("Pricing Your Second Job", Status.PASS),
    ]:
        with subtests.test(title):
            article = make_article(title=title)
            assert outcome(article, "A title of its own").status == expected


def test_the_section_list_given_is_the_one_checked():
    article = make_article(sections=1)
    unsaved = Section(article=article, heading="Draft", body="")
    unsaved.body_html = markdown.render(unsaved.body)

    check = outcome(article, "Every section has a body", [unsaved])

    assert check.status == Status.ADVICE


def test_the_summary_puts_problems_first(subtests):
    checks = prepublish.check(make_article())
    for label, statuses, expected in [
        ("all pass", [Status.PASS] * 8, "All 8 checks pass."),
        (
            "a problem and advice",
            [Status.PROBLEM, Status.ADVICE, Status.ADVICE] + [Status.PASS] * 5,
            "1 problem to fix, 2 pieces of advice; 5 of 8 checks pass.",
        ),
        (
            "advice only",
            [Status.ADVICE] + [Status.PASS] * 7,
            "1 piece of advice; 7 of 8 checks pass.",
        ),
    ]:
        with subtests.test(label):
            outcomes = [
                prepublish.Check(c.name, status, c.explanation)
                for c, status in zip(checks, statuses, strict=True)
            ]
            assert prepublish.summary(outcomes) == expected


# The panel in the admin.


def test_the_article_form_shows_the_check_of_the_saved_article(editor_client):
    article = with_intro("See [the list](/prices/).", summary="Too short.")

    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert [c.name for c in response.context["prepublish_checks"]][0] == (
        "Summary for search results"
    )
    page = response.content.decode()
    assert 'aria-labelledby="prepublish-heading"' in page
    assert "Before you publish" in page
    assert "1 problem to fix, 3 pieces of advice; 4 of 8 checks pass." in page
    assert 'alt="Problem:"' in page
    assert "No page at /prices/ (in the introduction): fix or remove the link." in page
    assert 'alt="Advice:"' in page
    assert "The summary has 10 characters" in page
    assert 'alt="Pass:"' in page


def test_the_new_article_form_says_the_check_comes_after_saving(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert "prepublish_checks" not in response.context
    assert b"Once the article is saved, a check" in response.content


def test_advice_and_problems_never_stop_an_article_being_published(editor_client):
    article = with_intro("See [the list](/prices/).", summary="Too short.", status="draft")
    assert Status.PROBLEM in {c.status for c in prepublish.check(article)}
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "summary": article.summary,
        "intro": article.intro,
        "status": Article.Status.PUBLISHED,
        "published_at_0": "2026-01-05",
        "published_at_1": "09:00:00",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.is_published()
