"""The article admin's unpublished changes: what saving a published article does, and the
Publish changes, Schedule changes and Discard changes actions.

Mixed into ArticleAdmin; the work is done by articles.drafts. A save of a published article
that keeps it published is kept aside as its unpublished changes: the article's rows are
not written. "Publish changes" saves the form and makes it live at once. The change form of
an article with unpublished changes edits those (get_object() gives the article their
content, DraftSectionFormSet their sections), so a save writes its content through
articles.drafts, never through the forms' own save().
"""

from functools import partial

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import drafts, images, revisions, tasks
from articles.models import Article, Section

# How a change form's save is written (Article.saved_as, set by save_model()).
SAVED_AS_CHANGES = "changes"  # kept aside as unpublished changes
SAVED_AS_CONTENT = "content"  # written to the article from the forms' content
SAVED_AS_MODEL = "model"  # saved by the forms, as Django's admin does


class DraftAdminMixin:
    """Keep changes to published articles aside until they are published."""

    def get_urls(self):
        # Before the ModelAdmin's own URLs, whose "<path:object_id>/" would take this one.
        return [
            path(
                "<path:object_id>/discard-changes/",
                self.admin_site.admin_view(self.discard_changes_view),
                name="articles_article_discard_changes",
            ),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        """Return the article, showing its unpublished changes (in memory) if it has some.

        So the change form, its pre-publish check and History edit and show the changes.
        """
        article = super().get_object(request, object_id, from_field)
        if article is not None and article.draft_id is not None:
            drafts.show(article, article.draft.content)
        return article

    def save_mode(self, request, obj, change):
        """Say how the form's content is written: see the SAVED_AS_* values.

        save_model() saves the article only for SAVED_AS_MODEL; save_related() calls
        save_content() for the others.
        """
        if not change:
            return SAVED_AS_MODEL
        if "_publish" not in request.POST and obj.is_published() and drafts.is_live(obj):
            return SAVED_AS_CHANGES
        # The forms show unpublished changes: their sections are no rows of the article.
        return SAVED_AS_CONTENT if obj.draft_id is not None else SAVED_AS_MODEL

    def writes_content(self, obj, formsets):
        """Return True if save_content() writes this save, not the forms."""
        # Sections shown from unpublished changes that someone published in the meantime
        # still come back as such.
        from_draft = any(
            getattr(formset, "draft_sections", None) is not None for formset in formsets
        )
        return getattr(obj, "saved_as", SAVED_AS_MODEL) != SAVED_AS_MODEL or from_draft

    def save_content(self, request, form, formsets):
        """Keep the content of the valid forms as unpublished changes, or write it."""
        article = form.instance
        content = self.content_of(form, formsets)
        note = form.cleaned_data.get("revision_note", "")
        if article.saved_as == SAVED_AS_CHANGES:
            scheduled_before = article.draft_publish_at
            when = form.cleaned_data.get("publish_changes_at")
            drafts.save(article, content, user=request.user, note=note, publish_at=when)
            if article.draft_publish_at and article.draft_publish_at != scheduled_before:
                transaction.on_commit(partial(tasks.publish_changes_at, when))
            return
        saved = Article.objects.select_related("category").get(pk=article.pk)
        for problem in drafts.write(saved, content):
            self.message_user(request, problem, messages.WARNING)
        revisions.record(saved, user=request.user, note=note)

    def content_of(self, form, formsets):
        """Return the revision content the valid forms describe, their new images stored."""
        article = form.instance
        store_image(article, "hero_image", form.changed_data, "hero_renditions")
        sections = []
        for formset in formsets:
            if formset.model is Section:
                for section_form in formset.section_forms():
                    section = section_form.instance
                    store_image(section, "image", section_form.changed_data, "image_renditions")
                    section.derive_fields()
                    sections.append(section)
        return revisions.snapshot(article, sections, related=form.cleaned_data["related"])

    def response_change(self, request, obj):
        """Say what became of the changes; Publish and Schedule come back to the form."""
        if IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        message = self.saved_message(request, obj)
        if message is None:
            return super().response_change(request, obj)
        self.message_user(request, message, messages.SUCCESS)
        if "_addanother" in request.POST:
            url = reverse("admin:articles_article_add", current_app=self.admin_site.name)
        elif {"_continue", "_publish", "_schedule"} & set(request.POST):
            url = request.path
        else:
            return self.response_post_save_change(request, obj)
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return HttpResponseRedirect(add_preserved_filters(preserved, url))

    def saved_message(self, request, obj):
        """Return the message for a save of a published article, or None for Django's own."""
        if "_publish" in request.POST and obj.is_published():
            return f"The changes to “{obj}” are published: visitors see them now."
        if getattr(obj, "saved_as", None) != SAVED_AS_CHANGES:
            return None
        if obj.draft is None:
            return (
                f"“{obj}” is saved. It is the same as the published version: there are no "
                "changes to publish."
            )
        if obj.draft_publish_at:
            return (
                f"Your changes to “{obj}” are saved and go live on {when(obj.draft_publish_at)}. "
                "Until then visitors see the published version."
            )
        return (
            f"Your changes to “{obj}” are saved but not published: visitors still see the "
            "published version. Press Publish changes when they are ready."
        )

    def publishing_context(self, request, obj):
        """Return what the change form says about the article's state, from the database."""
        saved = Article.objects.select_related("draft__created_by").get(pk=obj.pk)
        return {"saved_article": saved, "is_live": saved.is_published()}

    def discard_changes_view(self, request, object_id):
        """Ask, then forget an article's unpublished changes (they stay in its History)."""
        article = super().get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if article.draft_id is None:
            self.message_user(request, f"“{article}” has no unpublished changes.", messages.INFO)
            return redirect(change_url)
        if request.method == "POST":
            drafts.discard(article)
            self.log_change(request, article, "Discarded the unpublished changes.")
            self.message_user(
                request,
                f"The unpublished changes to “{article}” are discarded: the form shows the "
                "published version again. The changes stay in the History.",
                messages.SUCCESS,
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "draft": article.draft,
            "title": "Discard the unpublished changes?",
        }
        return TemplateResponse(request, "admin/articles/article/discard_changes.html", context)


def store_image(instance, name, changed_data, renditions_name):
    """Store an image a form chose for the instance's field; make renditions of a new one."""
    field = instance._meta.get_field(name)
    # What Model.save() does first: write a chosen file to storage under its upload path.
    field.pre_save(instance, add=instance.pk is None)
    if name in changed_data:
        setattr(instance, renditions_name, images.make_renditions(getattr(instance, name)))


def when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")
