"""Subscribers in the admin: read-only records, the CSV export and import, a subject's
data, erasure."""

import logging

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from newsletter import exports
from newsletter.admin.imports import SubscriberImportMixin
from newsletter.models import Consent, Subscriber

logger = logging.getLogger(__name__)


class ConsentInline(admin.TabularInline):
    model = Consent
    fields = [
        "created_at",
        "first_name",
        "notice",
        "source",
        "confirmed_at",
        "imported_from",
        "consent_wording",
        "signed_up_at",
        "old_source",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportedFromFilter(admin.SimpleListFilter):
    """Filter subscribers by the file they were imported from, or those who subscribed here."""

    title = "imported from"
    parameter_name = "imported_from"
    HERE = "-"

    def lookups(self, request, model_admin):
        files = (
            Subscriber.objects.exclude(imported_from="")
            .values_list("imported_from", flat=True)
            .distinct()
            .order_by("imported_from")
        )
        return [(self.HERE, "Subscribed here"), *((name, name) for name in files)]

    def queryset(self, request, queryset):
        if self.value() == self.HERE:
            return queryset.filter(imported_from="")
        if self.value():
            return queryset.filter(imported_from=self.value())
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(SubscriberImportMixin, admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "imported_from", "created_at", "confirmed_at"]
    list_filter = [
        "status",
        ImportedFromFilter,
        ("created_at", admin.DateFieldListFilter),
        ("confirmed_at", admin.DateFieldListFilter),
    ]
    search_fields = ["email"]
    fields = [
        "email",
        "first_name",
        "status",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "imported_from",
    ]
    readonly_fields = [
        "email",
        "status",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "imported_from",
    ]
    inlines = [ConsentInline]
    actions = ["unsubscribe_selected"]

    def has_add_permission(self, request):
        # Subscriptions come only through the form, with a consent record and a confirmation.
        return False

    def has_delete_permission(self, request, obj=None):
        # Use "Erase" instead, which keeps the address from being mailed again.
        return False

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="newsletter_subscriber_export",
            ),
            path(
                "<path:object_id>/data/",
                self.admin_site.admin_view(self.data_view),
                name="newsletter_subscriber_data",
            ),
            path(
                "<path:object_id>/erase/",
                self.admin_site.admin_view(self.erase_view),
                name="newsletter_subscriber_erase",
            ),
            *self.get_import_urls(),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by())
        context = {
            "status_counts": [
                (label, counts.get(value, 0)) for value, label in Subscriber.Status.choices
            ],
            "can_export": request.user.has_perm("newsletter.export_subscribers"),
            "can_import": self.can_import(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {
            "can_erase": request.user.has_perm("newsletter.delete_subscriber"),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    @admin.action(description="Unsubscribe the selected subscribers", permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            subscriber.unsubscribe()
        self.message_user(request, f"Unsubscribed {len(queryset)} subscriber(s).")

    def export_view(self, request):
        """Download the confirmed subscribers as CSV (needs its own permission)."""
        if not request.user.has_perm("newsletter.export_subscribers"):
            raise PermissionDenied
        filename = f"subscribers-{timezone.localdate():%Y-%m-%d}.csv"
        logger.info("User %s exported the confirmed subscribers", request.user.pk)
        return StreamingHttpResponse(
            exports.confirmed_subscribers_csv(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def get_subscriber_or_404(self, request, object_id):
        subscriber = self.get_object(request, object_id)
        if subscriber is None:
            raise Http404("No such subscriber.")
        return subscriber

    def data_view(self, request, object_id):
        """Download everything we hold about one subscriber, as JSON (a subject access request)."""
        subscriber = self.get_subscriber_or_404(request, object_id)
        if not self.has_view_permission(request, subscriber):
            raise PermissionDenied
        logger.info("User %s exported the data of subscriber %s", request.user.pk, subscriber.pk)
        return HttpResponse(
            exports.subscriber_json(subscriber),
            content_type="application/json; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="subscriber-{subscriber.pk}.json"'
            },
        )

    def erase_view(self, request, object_id):
        """Ask, then erase a subscriber: their data goes, a keyed hash of the address stays."""
        if not request.user.has_perm("newsletter.delete_subscriber"):
            raise PermissionDenied
        subscriber = self.get_subscriber_or_404(request, object_id)
        if request.method == "POST":
            pk = subscriber.pk
            subscriber.erase()
            logger.info("User %s erased subscriber %s", request.user.pk, pk)
            self.message_user(request, "The subscriber was erased.")
            return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "subscriber": subscriber,
            "title": "Erase this subscriber?",
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/erase.html", context)
