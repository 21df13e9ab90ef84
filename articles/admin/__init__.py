import copy
from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import F
from django.forms import Script
from django.http import QueryDict
from django.utils import formats, timezone

from articles import drafts, images, prepublish, revisions, uploads
from articles.admin import preview
from articles.admin.changes import SAVED_AS_CHANGES, SAVED_AS_MODEL, DraftAdminMixin
from articles.admin.history import RevisionHistoryMixin
from articles.draft_forms import DraftSectionForm, DraftSectionFormSet
from articles.fields import ArticleImageField
from articles.forms import (
    ArticleForm,
    KeptImageInput,
    RedirectForm,
    keep_form_uploads,
    kept_uploads,
)
from articles.models import Article, Autosave, Category, Page, Redirect, Section

# Added to every section's position while a formset saves, so that swapping two positions
# never trips the unique (article, position) constraint halfway through.
POSITION_SHIFT = 1_000_000
# Blank sections on the add form: most articles have three or four, and blank ones are not saved.
NEW_ARTICLE_SECTIONS = 4
# Fields with nothing to say about an article not yet saved: the add form leaves them out.
SAVED_ARTICLE_FIELDS = {"updated_at", "imported_from"}


def all_forms(form, formsets):
    """Return a change page's main form followed by all of its inline forms."""
    return [form, *(inline_form for formset in formsets for inline_form in formset.forms)]


class SectionInline(admin.StackedInline):
    model = Section
    # SectionForm and SectionFormSet, which can also show the unpublished changes' sections.
    form = DraftSectionForm
    formset = DraftSectionFormSet
    extra = 1
    formfield_overrides = {ArticleImageField: {"widget": KeptImageInput}}

    class Media:
        # Listed after inlines.js, which sets up the rows this script reorders.
        js = ["admin/js/inlines.js", "articles/admin/sections.js"]

    def get_extra(self, request, obj=None, **kwargs):
        return NEW_ARTICLE_SECTIONS if obj is None else self.extra


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
            ("changes", "Published, with unpublished changes"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        if self.value() == "changes":
            return queryset.with_unpublished_changes()
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(DraftAdminMixin, RevisionHistoryMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "category", "publication", "published_at", "updated_at"]
    list_filter = [PublicationFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    # Both choices in sight: publishing is one click, and a draft says it is one.
    radio_fields = {"status": admin.HORIZONTAL}
    readonly_fields = ["updated_at", "imported_from"]
    inlines = [SectionInline]
    formfield_overrides = {ArticleImageField: {"widget": KeptImageInput}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary"]}),
        ("Introduction", {"fields": ["intro"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "author", "updated_at", "imported_from"]},
        ),
        ("Read More", {"fields": ["related"]}),
        (
            "History",
            {
                "fields": ["revision_note"],
                "description": "Every save is kept as a revision: use History (top right) "
                "to compare revisions or restore one.",
            },
        ),
    ]

    class Media:
        # Live preview, autosave and the Markdown toolbar (articles/admin/preview.py).
        css = {"all": ["articles/admin/article_form.css", "articles/admin/article-editor.css"]}
        js = [
            Script("articles/admin/markdown-toolbar.js", defer=True),
            Script("articles/admin/article-editor.js", defer=True),
        ]

    def get_urls(self):
        return [*preview.urls(self), *super().get_urls()]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        for _, options in fieldsets:
            options["fields"] = [f for f in options["fields"] if f not in SAVED_ARTICLE_FIELDS]
        return fieldsets

    def get_changeform_initial_data(self, request):
        """Start a new article by its author, in the category of the list it was added from."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        # The article list's "Add article" carries the list's filters, such as its category.
        filters = QueryDict(request.GET.get("_changelist_filters", ""))
        if "category__id__exact" in filters:
            initial.setdefault("category", filters["category__id__exact"])
        return initial

    @admin.display(description="Status")
    def publication(self, obj):
        if obj.status == Article.Status.DRAFT:
            return "Draft"
        if obj.is_scheduled():
            return f"Scheduled for {formats.localize(timezone.localtime(obj.published_at))}"
        if obj.has_unpublished_changes() and obj.draft_publish_at:
            when = formats.localize(timezone.localtime(obj.draft_publish_at))
            return f"Published, with unpublished changes (going live {when})"
        if obj.has_unpublished_changes():
            return "Published, with unpublished changes"
        return "Published"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The pre-publish panel above the Save buttons reads the article as it was last saved,
        # with its unpublished changes if it has some.
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            sections = None
            if article.has_unpublished_changes():
                sections = drafts.sections(article, article.draft.content)
            checks = prepublish.check(article, sections)
            extra_context = {
                "prepublish_checks": checks,
                "prepublish_summary": prepublish.summary(checks),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            # The form is shown again with errors: offer back every image the editor chose.
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            for page_form in all_forms(context["adminform"].form, formsets):
                keep_form_uploads(page_form)
        if change and obj is not None:
            context.update(self.publishing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        obj.saved_as = self.save_mode(request, obj, change)
        # Changes kept aside change no more than the editor did.
        if obj.author_id is None and obj.saved_as != SAVED_AS_CHANGES:
            obj.author = request.user
        if change:
            revisions.record_first(obj.pk)
        if obj.saved_as == SAVED_AS_MODEL:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Section and change:
            form.instance.sections.update(position=F("position") + POSITION_SHIFT)
            formset.save()
            # Sections the editor did not touch are still shifted: move them back.
            form.instance.sections.filter(position__gte=POSITION_SHIFT).update(
                position=F("position") - POSITION_SHIFT
            )
        else:
            formset.save()

    def save_related(self, request, form, formsets, change):
        if self.writes_content(form.instance, formsets):
            # Unpublished changes, or content written from them (DraftAdminMixin).
            self.save_content(request, form, formsets)
        else:
            self.save_sections_and_revision(request, form, formsets, change)
        for page_form in all_forms(form, formsets):
            for kept in kept_uploads(page_form):
                transaction.on_commit(partial(uploads.discard, kept))
        # The editor's autosave of this form is saved now (the add form's has no article).
        article = form.instance if change else None
        Autosave.objects.filter(user=request.user, article=article).delete()

    def save_sections_and_revision(self, request, form, formsets, change):
        """Save the sections and Read More as Django's admin does, then record a revision."""
        super().save_related(request, form, formsets, change)
        article = form.instance
        if "hero_image" in form.changed_data:
            article.hero_renditions = images.make_renditions(article.hero_image)
            article.save(update_fields=["hero_renditions"])
        for formset in formsets:
            for section_form in formset.forms:
                section = section_form.instance
                if "image" in section_form.changed_data and section.pk:
                    section.image_renditions = images.make_renditions(section.image)
                    section.save(update_fields=["image_renditions"])
        # Last, so that the revision holds the sections and renditions just saved.
        note = form.cleaned_data.get("revision_note", "")
        revisions.record(article, user=request.user, note=note)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["created_at"]
