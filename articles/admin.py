from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import F
from django.forms import Script
from django.utils import formats, timezone

from articles import admin_views, images, prepublish, revisions, uploads
from articles.fields import ArticleImageField
from articles.forms import (
    ArticleForm,
    KeptImageInput,
    RedirectForm,
    SectionForm,
    SectionFormSet,
    keep_form_uploads,
    kept_uploads,
)
from articles.history import RevisionHistoryMixin
from articles.models import Article, Autosave, Category, Page, Redirect, Section

# Added to every section's position while a formset saves, so that swapping two positions
# never trips the unique (article, position) constraint halfway through.
POSITION_SHIFT = 1_000_000


def all_forms(form, formsets):
    """Return a change page's main form followed by all of its inline forms."""
    return [form, *(inline_form for formset in formsets for inline_form in formset.forms)]


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet
    extra = 1
    formfield_overrides = {ArticleImageField: {"widget": KeptImageInput}}

    class Media:
        # Listed after inlines.js, which sets up the rows this script reorders.
        js = ["admin/js/inlines.js", "articles/admin/sections.js"]


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(RevisionHistoryMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "category", "publication", "published_at", "updated_at"]
    list_filter = [PublicationFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
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
        # Live preview, autosave and the Markdown toolbar (articles/admin_views.py).
        css = {"all": ["articles/admin/article_form.css", "admin-smallbiz/article-editor.css"]}
        js = [
            Script("admin-smallbiz/markdown-toolbar.js", defer=True),
            Script("admin-smallbiz/article-editor.js", defer=True),
        ]

    def get_urls(self):
        return [*admin_views.urls(self), *super().get_urls()]

    @admin.display(description="Status")
    def publication(self, obj):
        if obj.status == Article.Status.DRAFT:
            return "Draft"
        if obj.is_scheduled():
            return f"Scheduled for {formats.localize(timezone.localtime(obj.published_at))}"
        return "Published"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The pre-publish panel above the Save buttons reads the article as it was last saved.
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            checks = prepublish.check(article)
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        if change:
            revisions.record_first(obj.pk)
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
        for page_form in all_forms(form, formsets):
            for kept in kept_uploads(page_form):
                transaction.on_commit(partial(uploads.discard, kept))
        # The editor's autosave of this form is saved now (the add form's has no article).
        Autosave.objects.filter(user=request.user, article=article if change else None).delete()
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
