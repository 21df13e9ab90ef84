"""What the admin exports about subscribers: the confirmed list as CSV, one's data as JSON."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder

from newsletter.models import Subscriber


def csv_cell(value):
    """Return the value as CSV text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class Echo:
    """A file-like object whose write() returns the line, for streaming a CSV response."""

    def write(self, value):
        return value


def confirmed_subscribers_csv():
    """Yield the confirmed subscribers as CSV lines, a header first, reading them in chunks."""
    rows = (
        Subscriber.objects.confirmed()
        .order_by("pk")
        .values_list("email", "first_name", "confirmed_at")
        .iterator(chunk_size=2000)
    )
    writer = csv.writer(Echo())
    yield writer.writerow(["email", "first_name", "confirmed_at"])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def subscriber_json(subscriber):
    """Return everything we hold about one subscriber as JSON (for a subject access request)."""
    data = {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "status": subscriber.status,
        "subscribed_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "consents": [
            {
                "requested_at": consent.created_at,
                "first_name_given": consent.first_name,
                "confirmed_at": consent.confirmed_at,
                "page": consent.source,
                "privacy_notice": notice_json(consent.notice),
                **imported_json(consent),
            }
            for consent in subscriber.consents.select_related("notice")
        ],
        "issues_sent": [
            {"issue": delivery.issue.subject, "status": delivery.status, "at": delivery.sent_at}
            for delivery in subscriber.deliveries.select_related("issue")
        ],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def notice_json(notice):
    """Return the privacy notice shown with a subscribe request (None for an imported one)."""
    if notice is None:
        return None
    return {
        "version": notice.version,
        "shown_beside_the_button": notice.summary,
        "full_text": notice.body,
        "published_at": notice.created_at,
    }


def imported_json(consent):
    """Return where an imported subscribe request came from, or nothing for one made here."""
    if not consent.imported_from:
        return {}
    return {
        "imported_from": consent.imported_from,
        "consent_on_the_old_site": consent.consent_wording,
        "signed_up_on_the_old_site_at": consent.signed_up_at,
        "source_on_the_old_site": consent.old_source,
    }
