"""Issues in the admin: write, preview, send a test copy, send, and follow the progress."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from newsletter import emails, tasks
from newsletter.models import Delivery, Issue, Subscriber


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "created_at", "sent_at", "progress"]
    list_filter = ["status"]
    search_fields = ["subject"]
    autocomplete_fields = ["articles"]
    fields = ["subject", "body", "articles", "status", "progress", "queued_at", "sent_at"]
    readonly_fields = ["status", "progress", "queued_at", "sent_at"]

    def get_queryset(self, request):
        Status = Delivery.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=Status.SENT)),
                failed_count=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
                total_count=Count("deliveries"),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft():
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft()) and super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request):
        """Start a new issue with this month's subject and the articles since the last issue."""
        initial = super().get_changeform_initial_data(request)
        last = Issue.objects.exclude(queued_at=None).order_by("-queued_at").first()
        since = last.queued_at if last else timezone.now() - timedelta(days=31)
        articles = Article.objects.published().filter(published_at__gt=since).newest_first()
        month = date_format(timezone.localdate(), "F Y")
        initial.setdefault("subject", f"{settings.SITE_NAME} e-zine, {month}")
        initial.setdefault("articles", list(articles.values_list("pk", flat=True)))
        return initial

    @admin.display(description="Progress")
    def progress(self, obj):
        if obj.pk is None or obj.is_draft():
            return "Not sent yet"
        sent, failed, total = obj.sent_count, obj.failed_count, obj.total_count
        return f"{sent} sent / {failed} failed / {total} total"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {
            "can_send": request.user.has_perm("newsletter.send_issue"),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<path:object_id>/send-test/",
                self.admin_site.admin_view(self.send_test_view),
                name="newsletter_issue_send_test",
            ),
            path(
                "<path:object_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletter_issue_send",
            ),
            *super().get_urls(),
        ]

    def get_issue_or_404(self, request, object_id):
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404("No such issue.")
        return issue

    def preview_view(self, request, object_id):
        """Show the issue's email as a reader will get it (?format=text for the text part)."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        text, html = emails.render_issue(issue).for_reader(
            request.user.first_name, emails.preview_unsubscribe_url()
        )
        if request.GET.get("format") == "text":
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return HttpResponse(html)

    def send_test_view(self, request, object_id):
        """Ask, then send a copy of the issue marked as a test to the editor's own address."""
        issue = self.get_issue_or_404(request, object_id)
        if not self.has_change_permission(request, issue):
            raise PermissionDenied
        if request.method == "POST":
            self.send_test_copy(request, issue)
            return redirect("admin:newsletter_issue_change", issue.pk)
        address = request.user.email or "(your account has no e-mail address)"
        return self.send_page(
            request,
            issue,
            title="Send a test copy?",
            question=f"Send a copy of “{issue}”, marked [Test], to {address}?",
            button="Send the test",
            action=reverse("admin:newsletter_issue_send_test", args=[issue.pk]),
        )

    def send_test_copy(self, request, issue):
        """Send the test copy to the editor, or say that their account has no address."""
        if not request.user.email:
            self.message_user(
                request, "Your account has no e-mail address to send the test to.", "error"
            )
            return
        emails.send_test(issue, request.user)
        self.message_user(request, f"A test copy was sent to {request.user.email}.")

    def send_view(self, request, object_id):
        """Ask, then send the issue to every confirmed subscriber (or resume an unfinished send)."""
        issue = self.get_issue_or_404(request, object_id)
        if not request.user.has_perm("newsletter.send_issue"):
            raise PermissionDenied
        if request.method == "POST":
            self.start_or_resume_sending(request, issue)
            return redirect("admin:newsletter_issue_change", issue.pk)
        if issue.is_draft():
            readers = Subscriber.objects.confirmed().count()
            question = f"Send “{issue}” to all {readers} confirmed subscriber(s) now?"
            button = "Send to subscribers"
        else:
            question = f"Resume sending “{issue}” to the subscribers it has not reached yet?"
            button = "Resume sending"
        return self.send_page(
            request,
            issue,
            title="Send this issue?",
            question=question,
            button=button,
            action=reverse("admin:newsletter_issue_send", args=[issue.pk]),
        )

    def start_or_resume_sending(self, request, issue):
        """Queue a draft and start sending it, or hand an unfinished send back to the workers."""
        if issue.is_draft():
            queued = tasks.start_sending(issue)
            self.message_user(
                request,
                f"“{issue}” is going out to {queued} subscriber(s). This page shows the progress.",
            )
        elif issue.status == Issue.Status.SENDING:
            tasks.resume_sending(issue)
            self.message_user(request, f"Sending “{issue}” resumed.")

    def send_page(self, request, issue, **context):
        """Render the page that asks before sending; its button POSTs to `action`."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "issue": issue,
            **context,
        }
        return TemplateResponse(request, "admin/newsletter/issue/send.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "issue", "subscriber_id", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "issue"]
    list_select_related = ["issue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
