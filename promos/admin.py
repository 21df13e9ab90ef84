import os

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html

from articles import images
from promos import downloads
from promos.forms import PromoAdminForm
from promos.models import Promo


@admin.register(Promo)
class PromoAdmin(admin.ModelAdmin):
    form = PromoAdminForm
    list_display = [
        "heading",
        "placement",
        "is_live",
        "click_count",
        "subscribed_count",
        "confirmed_count",
        "position",
        "is_active",
    ]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active", "placement"]
    search_fields = ["heading"]
    autocomplete_fields = ["categories", "articles"]
    readonly_fields = ["download_check", "click_count", "subscribed_count", "confirmed_count"]
    fieldsets = [
        (None, {"fields": ["heading", "body", "image", "image_alt"]}),
        ("Call to action", {"fields": ["cta_label", "cta_url"]}),
        (
            "Download for subscribers",
            {
                "fields": ["download", "download_title", "download_check"],
                "description": "Offer a file (an e-book, a checklist…) to readers who subscribe "
                "to the e-zine. They get a personal link once they confirm their address; the "
                "file itself never has a public address.",
            },
        ),
        (
            "Where and when",
            {
                "fields": [
                    "placement",
                    "categories",
                    "articles",
                    "starts_at",
                    "ends_at",
                    "position",
                    "is_active",
                ]
            },
        ),
        ("Numbers", {"fields": ["click_count", "subscribed_count", "confirmed_count"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        # A new promo has no numbers yet.
        return self.fieldsets if obj else self.fieldsets[:-1]

    def get_queryset(self, request):
        # Both counts in the list's one query: a sign-up's consent is one row at most.
        return (
            super()
            .get_queryset(request)
            .annotate(
                subscribed=Count(
                    "signups__subscriber",
                    filter=Q(signups__consent__isnull=False),
                    distinct=True,
                ),
                confirmed=Count(
                    "signups__subscriber",
                    filter=Q(signups__consent__confirmed_at__isnull=False),
                    distinct=True,
                ),
            )
        )

    @admin.display(description="subscribed", ordering="subscribed")
    def subscribed_count(self, promo):
        return promo.subscribed

    @admin.display(description="confirmed", ordering="confirmed")
    def confirmed_count(self, promo):
        return promo.confirmed

    @admin.display(description="check the file")
    def download_check(self, promo):
        if not promo.pk or not promo.download:
            return "—"
        url = reverse("admin:promos_promo_download", args=[promo.pk])
        return format_html('<a href="{}">Download it as readers get it</a>', url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            obj.image_renditions = images.make_renditions(obj.image)
            obj.save(update_fields=["image_renditions"])

    def get_urls(self):
        return [
            path(
                "<path:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="promos_promo_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, object_id):
        """Let editors download the promo's file to check it (it has no public address)."""
        promo = self.get_object(request, object_id)
        if promo is None or not promo.download:
            raise Http404("No such download.")
        if not self.has_view_or_change_permission(request, promo):
            raise PermissionDenied
        name = promo.download.name
        try:
            file = promo.download.storage.open(name, "rb")
        except FileNotFoundError as error:
            raise Http404("The file is missing.") from error
        response = FileResponse(
            file,
            as_attachment=True,
            filename=os.path.basename(name),
            content_type=downloads.content_type(name),
        )
        response["Cache-Control"] = "private, no-store"
        return response
