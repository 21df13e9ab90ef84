"""The articles app's models, by concern: content.py (what visitors read), site.py (pages,
redirects, the search index), editing.py (revisions, autosaves)."""

from articles.models.content import (
    ALT_HELP,
    ALT_REQUIRED,
    IMAGE_HELP,
    Article,
    ArticleQuerySet,
    Category,
    Section,
)
from articles.models.editing import Autosave, AutosaveQuerySet, Revision
from articles.models.site import Page, Redirect, SearchEntry

__all__ = [
    "ALT_HELP",
    "ALT_REQUIRED",
    "IMAGE_HELP",
    "Article",
    "ArticleQuerySet",
    "Autosave",
    "AutosaveQuerySet",
    "Category",
    "Page",
    "Redirect",
    "Revision",
    "SearchEntry",
    "Section",
]
