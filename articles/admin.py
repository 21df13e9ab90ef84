from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import F

from articles import images, prepublish, revisions
from articles.forms import ArticleForm, RedirectForm, SectionForm
from articles.history import RevisionHistoryMixin
from articles.models import Article, Category, Page, Redirect, Section

# Added to every section's position while a formset saves, so that swapping two positions
# never trips the unique (article, position) constraint halfway through.
POSITION_SHIFT = 1_000_000


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 1


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(RevisionHistoryMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "category", "status", "published_at", "is_published", "updated_at"]
    list_filter = ["category", "status"]
    list_select_related = ["category"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    readonly_fields = ["updated_at", "imported_from"]
    inlines = [SectionInline]
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
