"""The privacy notice in the admin: every edit is saved as a new version."""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils import timezone

from newsletter.models import PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "summary", "created_at", "created_by"]
    list_display_links = ["version", "summary"]
    fieldsets = [
        (
            None,
            {
                "fields": ["summary", "body"],
                "description": "Saving makes a new version, shown beside every subscribe "
                "button from then on. Earlier versions are kept unchanged: each subscriber's "
                "consent record points to the exact wording they were shown.",
            },
        ),
        ("Version", {"fields": ["version", "created_at", "created_by"]}),
    ]
    readonly_fields = ["version", "created_at", "created_by"]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.fieldsets[:1]

    def get_changeform_initial_data(self, request):
        # A new version starts as a copy of the current one.
        current = PrivacyNotice.objects.current()
        if current is None:
            return super().get_changeform_initial_data(request)
        return {"summary": current.summary, "body": current.body}

    def save_model(self, request, obj, form, change):
        if change and self.is_unchanged(obj):
            obj.is_unchanged_edit = True
            return
        # Never edit a version in place: save the edited text as the next version.
        obj.pk = None
        obj._state.adding = True
        obj.version = PrivacyNotice.objects.next_version()
        obj.created_at = timezone.now()
        obj.created_by = request.user
        obj.save()

    @staticmethod
    def is_unchanged(obj):
        """Return True if the edited notice says what its version already says."""
        original = PrivacyNotice.objects.get(pk=obj.pk)

        def text(value):
            return value.replace("\r\n", "\n").strip()

        return text(original.summary) == text(obj.summary) and text(original.body) == text(obj.body)

    def response_change(self, request, obj):
        if getattr(obj, "is_unchanged_edit", False):
            self.message_user(
                request, f"Nothing changed: version {obj.version} is still the current notice."
            )
            return redirect("admin:newsletter_privacynotice_changelist")
        # The edit was saved as a new version: say so, as for an addition.
        return self.response_add(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
