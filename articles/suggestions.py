"""Articles to suggest on the "page not found" page, from the words of the missing address."""

import re
from functools import reduce
from operator import or_

from django.db.models import Q

from articles.models import Article

SUGGESTION_COUNT = 3
MAX_WORDS = 5
# Words of an address that say nothing about what the visitor was looking for.
IGNORED_WORDS = {
    "and", "are", "for", "from", "how", "htm", "html", "index", "php", "page", "the", "this",
    "what", "when", "why", "with", "you", "your",
}  # fmt: skip
WORD = re.compile(r"[a-z0-9]{3,30}")


def address_words(path):
    """Return the words of an address worth looking for, the last part of the path first."""
    parts = [part for part in path.lower()[:300].split("/") if part]
    words = []
    for part in reversed(parts):
        words += [word for word in WORD.findall(part) if word not in IGNORED_WORDS]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def suggest(path):
    """Return up to three published articles for a missing address, in two queries at most.

    Articles whose title or address shares a word with the missing address come first,
    newest first; the newest articles fill the rest.
    """
    articles = Article.objects.published().newest_first().select_related("category")
    matches = []
    words = address_words(path)
    if words:
        related = reduce(
            or_, (Q(title__icontains=word) | Q(slug__icontains=word) for word in words)
        )
        matches = list(articles.filter(related)[:SUGGESTION_COUNT])
    if len(matches) < SUGGESTION_COUNT:
        newest = articles.exclude(pk__in=[article.pk for article in matches])
        matches += list(newest[: SUGGESTION_COUNT - len(matches)])
    return matches
