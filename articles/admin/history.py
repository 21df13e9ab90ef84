"""The article admin's History page with its revisions, the comparison of two, and restore.

Mixed into ArticleAdmin; the work is done by articles.revisions. A revision is always looked
up through its article, so one article's addresses never show another's revisions.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import comparison, drafts, revisions
from articles.models import Article

REVISIONS_PER_PAGE = 25


class CompareForm(forms.Form):
    """The two revisions to compare; without `old`, the one before `new`."""

    old = forms.IntegerField(required=False)
    new = forms.IntegerField()


class RevisionHistoryMixin:
    """List an article's revisions on its History page; compare two; restore one."""

    def get_urls(self):
        # Before the ModelAdmin's own URLs, whose "<path:object_id>/" would take these.
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.revision_compare_view),
                name="articles_article_revision_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.revision_restore_view),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """Show the article's revisions, newest first, above Django's log of admin changes."""
        context = {**(extra_context or {})}
        article = self.get_object(request, unquote(object_id))
        if article is not None and request.user.has_perm("articles.view_revision"):
            paginator = Paginator(
                article.revisions.select_related("created_by"), REVISIONS_PER_PAGE
            )
            context["revisions"] = paginator.get_page(request.GET.get("revisions"))
            context["can_restore"] = self.has_change_permission(request, article)
        return super().history_view(request, object_id, extra_context=context)

    def revision_compare_view(self, request, object_id):
        """Show two revisions of an article side by side, with what changed marked."""
        article = self.article_for_revisions(request, object_id)
        history = reverse("admin:articles_article_history", args=[article.pk])
        form = CompareForm(request.GET)
        if not form.is_valid():
            self.message_user(request, "Choose two revisions to compare.", messages.ERROR)
            return redirect(history)
        new = get_object_or_404(article.revisions, pk=form.cleaned_data["new"])
        old_pk = form.cleaned_data["old"]
        old = get_object_or_404(article.revisions, pk=old_pk) if old_pk else revisions.previous(new)
        if old is None or old == new:
            self.message_user(request, "Choose two different revisions to compare.", messages.ERROR)
            return redirect(history)
        if (old.created_at, old.pk) > (new.created_at, new.pk):
            old, new = new, old
        context = {
            **self.revision_context(request, article, "Compare revisions"),
            "comparison": comparison.compare(old, new),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, revision_id):
        """Ask, then restore a revision: a published article gets it as unpublished changes,
        others get it written back. The result is a new revision."""
        article = self.article_for_revisions(request, object_id, change=True)
        revision = get_object_or_404(article.revisions, pk=revision_id)
        when = revisions.describe(revision)
        is_live = drafts.is_live(article)
        if request.method == "POST":
            if is_live:
                self.restore_as_changes(request, article, revision)
            else:
                self.restore_to_article(request, article, revision)
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.revision_context(request, article, f"Restore the revision of {when}?"),
            "revision": revision,
            "latest": article.revisions.first(),
            "problems": revisions.find_problems(article, revision.content),
            "is_live": is_live,
        }
        return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)

    def restore_to_article(self, request, article, revision):
        when = revisions.describe(revision)
        problems = revisions.restore(revision, user=request.user)
        self.log_change(request, article, f"Restored the revision of {when}.")
        self.message_user(
            request,
            f"The article is restored to its revision of {when}. The article as it was "
            "before is kept in its History.",
            messages.SUCCESS,
        )
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)

    def restore_as_changes(self, request, article, revision):
        when = revisions.describe(revision)
        changes = drafts.restore(revision, user=request.user)
        note = f"Restored the revision of {when} as unpublished changes."
        self.log_change(request, article, note)
        if changes is None:
            message = (
                f"The revision of {when} is the published version: there are no unpublished "
                "changes now."
            )
        else:
            message = (
                f"The revision of {when} is now the article's unpublished changes: visitors "
                "still see the published version. Check the changes below and press Publish "
                "changes."
            )
        self.message_user(request, message, messages.SUCCESS)
        stored = Article.objects.select_related("category").get(pk=article.pk)
        for problem in revisions.find_problems(stored, revision.content):
            self.message_user(request, problem, messages.WARNING)

    def article_for_revisions(self, request, object_id, change=False):
        """Return the article whose revisions the user may see (and with `change`, restore)."""
        may_view = request.user.has_perm("articles.view_revision")
        if not (may_view and self.has_view_or_change_permission(request)):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if change and not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def revision_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": title,
        }
