from django.contrib import admin
from django.db.models import F
from django.forms import Script

from articles import admin_views, images
from articles.forms import RedirectForm, SectionForm
from articles.models import Article, Autosave, Category, Page, Redirect, Section

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
class ArticleAdmin(admin.ModelAdmin):
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
    ]

    class Media:
        # Live preview, autosave and the Markdown toolbar (articles/admin_views.py).
        css = {"all": ["admin-smallbiz/article-editor.css"]}
        js = [
            Script("admin-smallbiz/markdown-toolbar.js", defer=True),
            Script("admin-smallbiz/article-editor.js", defer=True),
        ]

    def get_urls(self):
        return [*admin_views.urls(self), *super().get_urls()]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
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
        # The editor's autosave of this form is saved now (the add form's has no article).
        Autosave.objects.filter(user=request.user, article=article if change else None).delete()


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
