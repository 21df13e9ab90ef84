"""`manage.py import_subscribers`: an old e-zine's list, with consent records and a report."""

import csv
from datetime import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from newsletter import sending, tasks
from newsletter.models import Consent, Subscriber
from tests.factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

CONSENT = "double opt-in on the old site's form"

# One row for each way a row can go, with the counts the summary must give.
MIXED_LIST = """Email Address,First Name,Signup Date,Signup Page,Source,Status
ann@example.com,Ann,04/03/2019,https://old.example.com/ezine.html,Web form,subscribed
not-an-address,Bob,,,,subscribed
ANN@example.com,Annie,,,,subscribed
postmaster@example.org,,,,,subscribed
noreply@example.net,,,,,subscribed
left@example.com,Left,,,,unsubscribed
bounced@example.com,,,,,bounced
cleaned@example.com,,,,,cleaned
unsubscribed-here@example.com,,,,,subscribed
erased@example.com,,,,,subscribed
already@example.com,,,,,subscribed
info@smallshop.co.uk,Sam,2020-01-02 10:00:00,,,
"""


@pytest.fixture
def reports(settings, tmp_path):
    settings.NEWSLETTER_IMPORT_REPORTS_DIR = tmp_path / "imports"
    return settings.NEWSLETTER_IMPORT_REPORTS_DIR


def csv_file(tmp_path, text, name="old-list.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def import_subscribers(*args):
    out = StringIO()
    call_command("import_subscribers", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def report_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def mixed_list(tmp_path):
    make_subscriber(email="unsubscribed-here@example.com").unsubscribe()
    make_subscriber(email="erased@example.com").erase()
    make_subscriber(email="Already@Example.com")
    return csv_file(tmp_path, MIXED_LIST)


def test_it_imports_the_good_rows_and_counts_each_reason_for_the_others(
    mixed_list, tmp_path, reports
):
    output = import_subscribers(mixed_list, "--consent", CONSENT, "--report", tmp_path / "r.csv")

    assert "Imported 2 subscribers (confirmed)." in output
    assert "Skipped 10 rows:" in output
    for line in [
        "3 not subscribed on the old service",
        "2 a role address (postmaster@, noreply@ ...)",
        "2 unsubscribed or erased here",
        "1 not a valid address",
        "1 a second row for the same address in this file",
        "1 already on our list",
    ]:
        assert f"  {line}\n" in output
    imported = Subscriber.objects.filter(imported_from="old-list.csv")
    assert sorted(imported.values_list("email", flat=True)) == [
        "ann@example.com",
        "info@smallshop.co.uk",
    ]


def test_each_imported_subscriber_is_confirmed_with_a_consent_record_saying_where_from(
    mixed_list, reports
):
    import_subscribers(mixed_list, "--consent", CONSENT)

    subscriber = Subscriber.objects.get(email="ann@example.com")
    assert subscriber.is_confirmed()
    assert subscriber.first_name == "Ann"
    consent = subscriber.consents.get()
    assert consent.imported_from == "old-list.csv"
    assert consent.consent_wording == CONSENT
    assert consent.notice is None
    assert consent.signed_up_at == timezone.make_aware(datetime(2019, 3, 4))
    assert consent.source == "https://old.example.com/ezine.html"
    assert consent.old_source == "Web form"
    assert consent.confirmed_at is not None
    assert str(consent) == "Imported from old-list.csv"


def test_the_report_lists_every_skipped_row_with_its_line_and_reason(mixed_list, tmp_path, reports):
    import_subscribers(mixed_list, "--consent", CONSENT, "--report", tmp_path / "r.csv")

    rows = report_rows(tmp_path / "r.csv")
    assert [(row["line"], row["email"]) for row in rows] == [
        ("3", "not-an-address"),
        ("4", "ANN@example.com"),
        ("5", "postmaster@example.org"),
        ("6", "noreply@example.net"),
        ("7", "left@example.com"),
        ("8", "bounced@example.com"),
        ("9", "cleaned@example.com"),
        ("10", "unsubscribed-here@example.com"),
        ("11", "erased@example.com"),
        ("12", "already@example.com"),
    ]
    assert rows[4]["reason"] == "not subscribed on the old service"
    assert rows[4]["detail"] == "Status: unsubscribed"


def test_the_report_goes_under_var_imports_by_default(mixed_list, reports):
    output = import_subscribers(mixed_list, "--consent", CONSENT)

    [report] = reports.glob("subscribers-old-list-*.csv")
    assert f"Report of the skipped rows: {report}" in output
    assert len(report_rows(report)) == 10


def test_a_second_run_imports_nobody(mixed_list, reports):
    import_subscribers(mixed_list, "--consent", CONSENT)

    output = import_subscribers(mixed_list, "--consent", CONSENT)

    assert "Imported 0 subscribers" in output
    assert Subscriber.objects.filter(imported_from="old-list.csv").count() == 2
    assert Consent.objects.count() == 2


def test_a_dry_run_writes_the_report_but_imports_and_sends_nothing(
    mixed_list, tmp_path, reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = import_subscribers(
            mixed_list,
            "--consent",
            CONSENT,
            "--reconfirm",
            "--dry-run",
            "--report",
            tmp_path / "r.csv",
        )

    assert "Dry run, nothing was written. Would import 2 subscribers" in output
    assert not Subscriber.objects.filter(imported_from="old-list.csv").exists()
    assert mail.outbox == []
    assert len(report_rows(tmp_path / "r.csv")) == 10


def test_addresses_never_reach_the_log(mixed_list, reports, caplog):
    caplog.set_level("DEBUG")

    import_subscribers(mixed_list, "--consent", CONSENT)

    assert "@" not in caplog.text


def test_a_file_in_windows_1252_with_semicolons_is_read(tmp_path, reports):
    path = csv_file(tmp_path, "E-mail;Name\nzoe@example.com;Zoë\n", encoding="cp1252")

    import_subscribers(path, "--consent", CONSENT)

    assert Subscriber.objects.get(email="zoe@example.com").first_name == "Zoë"


def test_a_utf8_file_with_a_byte_order_mark_and_tabs_is_read(tmp_path, reports):
    path = csv_file(tmp_path, "\ufeffEMAIL\tFirstName\nzoe@example.com\tZoë\n")

    import_subscribers(path, "--consent", CONSENT)

    assert Subscriber.objects.get(email="zoe@example.com").first_name == "Zoë"


def test_map_names_columns_the_aliases_do_not_know(tmp_path, reports):
    path = csv_file(tmp_path, "Addr,Given\nzoe@example.com,Zoe\n")

    import_subscribers(path, "--consent", CONSENT, "--map", "email=Addr,first_name=Given")

    assert Subscriber.objects.get(email="zoe@example.com").first_name == "Zoe"


def test_a_file_without_an_address_column_is_refused_naming_its_columns(tmp_path, reports):
    path = csv_file(tmp_path, "Addr,Given\nzoe@example.com,Zoe\n")

    with pytest.raises(CommandError, match="The file's columns are: Addr, Given"):
        import_subscribers(path, "--consent", CONSENT)


def test_a_binary_file_is_refused(tmp_path, reports):
    path = tmp_path / "list.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")

    with pytest.raises(CommandError, match="not a CSV file"):
        import_subscribers(path, "--consent", CONSENT)


def test_the_consent_wording_is_required():
    with pytest.raises(CommandError, match="--consent"):
        call_command("import_subscribers", "list.csv")


def test_progress_comes_as_plain_lines_when_not_on_a_terminal(tmp_path, reports):
    rows = "".join(f"reader{number}@example.com\n" for number in range(2500))
    path = csv_file(tmp_path, "email\n" + rows)

    output = import_subscribers(path, "--consent", CONSENT)

    assert "Checking: 1000 of 2500\n" in output
    assert "Saving: 2500 of 2500\n" in output
    assert "\r" not in output
    assert Subscriber.objects.count() == 2500


class Terminal(StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_progress_is_a_bar_redrawn_in_place(tmp_path, reports):
    path = csv_file(tmp_path, "email\n" + "".join(f"r{n}@example.com\n" for n in range(1200)))
    out = Terminal()

    call_command("import_subscribers", str(path), "--consent", CONSENT, stdout=out)

    assert "\rChecking [" + "#" * 25 + "....." + "] 1000/1200" in out.getvalue()
    assert "Checking: 1000 of 1200" not in out.getvalue()


def test_the_subscriber_data_export_says_where_an_imported_subscriber_came_from(
    mixed_list, reports, admin_client
):
    import_subscribers(mixed_list, "--consent", CONSENT)
    subscriber = Subscriber.objects.get(email="ann@example.com")

    response = admin_client.get(reverse("admin:newsletter_subscriber_data", args=[subscriber.pk]))

    [consent] = response.json()["consents"]
    assert consent["imported_from"] == "old-list.csv"
    assert consent["consent_on_the_old_site"] == CONSENT
    assert consent["privacy_notice"] is None


# Reconfirming


def test_reconfirm_imports_pending_subscribers_and_mails_each_one(
    mixed_list, reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = import_subscribers(mixed_list, "--consent", CONSENT, "--reconfirm")

    assert "Imported 2 subscribers (pending, each asked to confirm by email)." in output
    imported = Subscriber.objects.filter(imported_from="old-list.csv")
    assert {subscriber.status for subscriber in imported} == {Subscriber.Status.PENDING}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@example.com",
        "info@smallshop.co.uk",
    ]
    message = next(message for message in mail.outbox if message.to == ["ann@example.com"])
    assert "Do you still want" in message.subject
    assert "You signed up for the free monthly e-zine" in message.body
    assert "on 4 March 2019" in message.body


def test_the_reconfirm_link_confirms_the_subscriber(
    client, tmp_path, reports, django_capture_on_commit_callbacks
):
    path = csv_file(tmp_path, "email\nzoe@example.com\n")
    with django_capture_on_commit_callbacks(execute=True):
        import_subscribers(path, "--consent", CONSENT, "--reconfirm")
    [link] = [word for word in mail.outbox[0].body.split() if "/confirm/" in word]

    response = client.post(link.removeprefix("http://127.0.0.1:8000"))

    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="zoe@example.com")
    assert subscriber.is_confirmed()
    assert subscriber.consents.get().confirmed_at is not None


def test_a_subscriber_who_confirmed_gets_no_more_reconfirm_mail(
    tmp_path, reports, task_queue, django_capture_on_commit_callbacks
):
    path = csv_file(tmp_path, "email\nzoe@example.com\n")
    with django_capture_on_commit_callbacks(execute=True):
        import_subscribers(path, "--consent", CONSENT, "--reconfirm")
    [queued] = task_queue
    subscriber = Subscriber.objects.get(email="zoe@example.com")
    subscriber.confirm(subscriber.consents.get())

    tasks.send_reconfirmation_emails.call(*queued.args)

    assert mail.outbox == []


def test_reconfirm_emails_are_queued_a_minute_apart_at_the_pace_asked(
    tmp_path, reports, task_queue, django_capture_on_commit_callbacks
):
    rows = "".join(f"reader{number}@example.com\n" for number in range(25))
    path = csv_file(tmp_path, "email\n" + rows)

    with django_capture_on_commit_callbacks(execute=True):
        import_subscribers(path, "--consent", CONSENT, "--reconfirm", "--per-minute", 10)

    assert [len(result.args[0]) for result in task_queue] == [10, 10, 5]
    first, second, third = (result.task.run_after for result in task_queue)
    assert first is None
    assert (third - second).total_seconds() == 60


def test_a_pending_imported_subscriber_is_not_sent_an_issue(
    tmp_path, reports, django_capture_on_commit_callbacks
):
    path = csv_file(tmp_path, "email\nzoe@example.com\n")
    with django_capture_on_commit_callbacks(execute=True):
        import_subscribers(path, "--consent", CONSENT, "--reconfirm")
    mail.outbox.clear()

    assert sending.queue_issue(make_issue()) == 0


def test_the_reconfirm_email_links_to_the_confirm_page(
    tmp_path, reports, django_capture_on_commit_callbacks
):
    path = csv_file(tmp_path, "email\nzoe@example.com\n")
    with django_capture_on_commit_callbacks(execute=True):
        import_subscribers(path, "--consent", CONSENT, "--reconfirm")

    html = mail.outbox[0].alternatives[0].content
    assert reverse("newsletter:confirm", args=["x"]).removesuffix("x/") in html
