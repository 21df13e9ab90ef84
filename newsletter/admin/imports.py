"""The subscribers' import page in the admin: upload an old service's CSV, read the report.

The import is `newsletter.importing`'s, as in `manage.py import_subscribers`. Its report is
kept as two files under NEWSLETTER_IMPORT_REPORTS_DIR/admin/, named by a random token: the
summary (JSON) that the result page shows, and the skipped rows (CSV) it lists and offers
for download. Only users with `newsletter.import_subscribers` (administrators, not Editors)
may import or read a report.
"""

import json
import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path

from newsletter import importing, tasks
from newsletter.admin.forms import SubscriberImportForm

logger = logging.getLogger(__name__)

# The skipped rows shown on the result page; the downloadable report has them all.
ROWS_SHOWN = 200


def reports_folder():
    return settings.NEWSLETTER_IMPORT_REPORTS_DIR / "admin"


class SubscriberImportMixin:
    """SubscriberAdmin's import page and its report."""

    def get_import_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            path(
                "import/<slug:token>/",
                self.admin_site.admin_view(self.import_done_view),
                name="newsletter_subscriber_import_done",
            ),
            path(
                "import/<slug:token>/skipped.csv",
                self.admin_site.admin_view(self.import_report_view),
                name="newsletter_subscriber_import_report",
            ),
        ]

    def can_import(self, request):
        return request.user.has_perm("newsletter.import_subscribers")

    def import_context(self, request, title):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title}

    def import_view(self, request):
        """Show the upload form; on POST, import the file and go to its report."""
        if not self.can_import(request):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importing.import_subscribers(
                    upload.read(),
                    file_name=upload.name,
                    consent_wording=form.cleaned_data["consent_wording"],
                    reconfirm=form.cleaned_data["reconfirm"],
                )
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = self.save_import_report(report, form.cleaned_data["reconfirm"])
                if report.reconfirm:
                    transaction.on_commit(lambda: tasks.queue_reconfirmations(report.reconfirm))
                logger.info("User %s imported %s subscribers", request.user.pk, report.imported)
                messages.success(
                    request,
                    f"Imported {report.imported} subscriber{pluralize(report.imported)} "
                    f"from {report.file_name}.",
                )
                return redirect("admin:newsletter_subscriber_import_done", token)
        context = {
            **self.import_context(request, "Import subscribers"),
            "form": form,
            "max_rows": ROWS_SHOWN,
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/import.html", context)

    def save_import_report(self, report, reconfirm):
        """Keep the import's summary and skipped rows; return the token that names them."""
        token = secrets.token_urlsafe(16)
        importing.save_report(report, reports_folder() / f"{token}.csv")
        summary = {
            "file_name": report.file_name,
            "imported": report.imported,
            "reconfirm": reconfirm,
            "skipped": len(report.skipped),
            "skipped_by_reason": report.skipped_by_reason(),
            "dates_not_read": report.dates_not_read,
        }
        (reports_folder() / f"{token}.json").write_text(json.dumps(summary))
        return token

    def report_file(self, request, token, suffix):
        if not self.can_import(request):
            raise PermissionDenied
        file = reports_folder() / f"{token}{suffix}"
        if not file.is_file():
            raise Http404("No such import report.")
        return file

    def import_done_view(self, request, token):
        """Show what an import did: its counts and the rows it skipped, with the reasons."""
        summary = json.loads(self.report_file(request, token, ".json").read_text())
        with self.report_file(request, token, ".csv").open(newline="", encoding="utf-8") as file:
            rows = list(importing.read_report(file, limit=ROWS_SHOWN))
        context = {
            **self.import_context(request, f"Imported from {summary['file_name']}"),
            "summary": summary,
            "rows": rows,
            "rows_left_out": summary["skipped"] - len(rows),
            "token": token,
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/import_done.html", context)

    def import_report_view(self, request, token):
        """Download the report of an import's skipped rows as CSV."""
        file = self.report_file(request, token, ".csv")
        return FileResponse(
            file.open("rb"),
            as_attachment=True,
            filename="skipped-rows.csv",
            content_type="text/csv; charset=utf-8",
        )
