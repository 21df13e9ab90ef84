"""Import the subscriber list that an old e-zine service exported as CSV.

`read_rows()` reads the file: UTF-8 with or without a byte order mark, else Windows-1252;
commas, semicolons or tabs; columns found by name (`COLUMN_ALIASES`) or named by the caller.
`import_subscribers()` decides for each row whether it becomes a subscriber and records the
ones that do, each with a consent record that says where it came from and how the old site
obtained consent. It sends nothing: with `reconfirm` the new subscribers are pending and the
caller queues their re-permission emails (`newsletter.tasks.queue_reconfirmations()`).

Addresses are looked up in bulk and the new rows written with `bulk_create()` in one
transaction, so a list of ten thousand imports in seconds, and either all of a file's new
subscribers are recorded or none.
"""

import csv
import io
import logging
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from newsletter import tokens
from newsletter.models import Consent, Subscriber, Suppression
from newsletter.validators import validate_mailbox_address

logger = logging.getLogger(__name__)

# The fields an import reads, and the column names old services give them, compared with
# everything but letters and digits left out ("E-mail Address" is "emailaddress").
COLUMN_ALIASES = {
    "email": ["email", "emailaddress", "mail"],
    "first_name": ["firstname", "name", "givenname", "fname"],
    "signed_up_at": [
        "signupdate",
        "dateadded",
        "subscribed",
        "subscribedat",
        "optintime",
        "created",
    ],
    "signup_page": ["signuppage", "sourceurl", "signupurl", "page"],
    "source": ["source"],
    "status": ["status"],
}

# What an old service's status column says about a row we may import. Anything else
# (unsubscribed, bounced, cleaned, pending, ...) means the old list did not mail it.
MAILABLE_STATUSES = {"", "subscribed", "confirmed", "active", "optedin", "doubleoptin"}

# Mailboxes that belong to a job or a machine, not a reader who asked for the e-zine. info@
# and sales@ are not here: many small businesses read their mail at such an address.
ROLE_MAILBOXES = {
    "abuse",
    "donotreply",
    "hostmaster",
    "mailerdaemon",
    "noreply",
    "postmaster",
    "webmaster",
}


class Reason:
    """Why a row was not imported: a short code for the report, and its explanation."""

    INVALID = "invalid"
    DUPLICATE = "duplicate"
    STATUS = "status"
    ROLE = "role"
    SUPPRESSED = "suppressed"
    ON_THE_LIST = "on_the_list"

    LABELS = {
        INVALID: "not a valid address",
        DUPLICATE: "a second row for the same address in this file",
        STATUS: "not subscribed on the old service",
        ROLE: "a role address (postmaster@, noreply@ ...)",
        SUPPRESSED: "unsubscribed or erased here",
        ON_THE_LIST: "already on our list",
    }


class ImportFileError(Exception):
    """The file cannot be read as a subscriber list; the message says why, for the person."""


@dataclass
class Row:
    """One line of the file, as the fields the import reads."""

    line: int
    email: str
    first_name: str = ""
    signed_up_at: str = ""
    signup_page: str = ""
    source: str = ""
    status: str = ""


@dataclass
class Skipped:
    line: int
    email: str
    reason: str
    detail: str = ""


@dataclass
class ImportReport:
    """What an import did: how many it imported, and every row it skipped and why."""

    file_name: str
    imported: int = 0
    skipped: list = field(default_factory=list)
    # The consent records whose re-permission email is due (with reconfirm).
    reconfirm: list = field(default_factory=list)
    dates_not_read: int = 0

    def skipped_by_reason(self):
        """Return [(explanation, count)] for each reason rows were skipped, most first."""
        counts = Counter(row.reason for row in self.skipped)
        return [(Reason.LABELS[reason], count) for reason, count in counts.most_common()]

    def write_csv(self, file):
        """Write the skipped rows to `file` as CSV: line, reason, address, detail."""
        writer = csv.writer(file)
        writer.writerow(["line", "reason", "email", "detail"])
        for row in self.skipped:
            writer.writerow(
                [row.line, Reason.LABELS[row.reason], spreadsheet_safe(row.email), row.detail]
            )


def save_report(report, path):
    """Write the skipped rows to `path` as CSV, readable only by its owner (it holds addresses)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8") as file:
        report.write_csv(file)


def read_report(file, limit):
    """Yield the first `limit` skipped rows of a saved report, as dicts."""
    reader = csv.DictReader(file)
    for _, row in zip(range(limit), reader, strict=False):
        yield row


def spreadsheet_safe(text):
    """Return text that a spreadsheet opening the report will not run as a formula."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def decode(data):
    """Return the file's text: UTF-8 (a byte order mark is dropped), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise ImportFileError("This is not a CSV file: it holds binary data.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file's text encoding was not recognised: save it as CSV in UTF-8 and try again."
        ) from None


def column_key(name):
    return re.sub(r"[^0-9a-z]", "", name.lower())


def find_columns(header, column_map=None):
    """Return {field: column index} for the header, by the names given or the known aliases."""
    keys = [column_key(name) for name in header]
    columns = {}
    for name, column in (column_map or {}).items():
        if name not in COLUMN_ALIASES:
            raise ImportFileError(
                f"Unknown field “{name}” in the column map: use {', '.join(COLUMN_ALIASES)}."
            )
        if column_key(column) not in keys:
            raise ImportFileError(
                f"The file has no column “{column}”. Its columns are: {', '.join(header)}."
            )
        columns[name] = keys.index(column_key(column))
    for name, aliases in COLUMN_ALIASES.items():
        if name not in columns:
            found = [keys.index(alias) for alias in aliases if alias in keys]
            if found:
                columns[name] = found[0]
    if "email" not in columns:
        raise ImportFileError(
            "No column for the e-mail address was found. The file's columns are: "
            f"{', '.join(header) or 'none'}. Name the right one with email=COLUMN."
        )
    return columns


def read_rows(data, column_map=None):
    """Return the file's rows (a list of Row), or raise ImportFileError saying what is wrong."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    # The header line tells the delimiter: it is a list of names, with no quoted commas.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ImportFileError("The file is empty: it has no header line.")
        columns = find_columns(header, column_map)
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                name: cells[index].strip() if index < len(cells) else ""
                for name, index in columns.items()
            }
            rows.append(Row(line=reader.line_num, **values))
    except csv.Error as error:
        message = f"The file is not valid CSV near line {reader.line_num}: {error}"
        raise ImportFileError(message) from None
    return rows


def normalised_address(text):
    """Return the address as we store it, or raise ValidationError if it is not one."""
    if not text.isascii():
        raise ValidationError("Has accented or non-Latin letters.")
    email = BaseUserManager.normalize_email(text)
    validate_mailbox_address(email)
    return email


def first_name(text):
    """Return the name as a greeting may use it: printable, at most 60 characters."""
    if any(marker in text.lower() for marker in ("://", "www.", "@")):
        return ""
    name = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    return " ".join(name.split())[:60]


DATE_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"]


def signup_time(text):
    """Return the sign-up date as an aware datetime, or None if there is none we can read.

    Dates like 04/03/2019 are read day first, the British way.
    """
    if not text:
        return None
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = datetime(day.year, day.month, day.day)
    except ValueError:
        value = None
    for date_format in DATE_FORMATS if value is None else []:
        try:
            value = datetime.strptime(text, date_format)
            break
        except ValueError:
            continue
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def is_role_address(email):
    local_part = email.rsplit("@", 1)[0].split("+", 1)[0]
    return column_key(local_part) in ROLE_MAILBOXES


def in_chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def statuses_here(addresses):
    """Return {lowercased address: status} of the subscribers we have among `addresses`."""
    found = {}
    for chunk in in_chunks(addresses):
        found.update(
            Subscriber.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email_lower", "status")
        )
    return found


def erased(addresses):
    """Return the lowercased addresses among `addresses` whose keyed hash is suppressed."""
    digests = {}
    for address in addresses:
        for digest in tokens.address_digests(address):
            digests[digest] = address
    found = set()
    for chunk in in_chunks(digests):
        found.update(Suppression.objects.filter(digest__in=chunk).values_list("digest", flat=True))
    return {digests[digest] for digest in found}


def check_rows(rows, report, progress):
    """Return the rows to import, as (row, address); add every other row to the report."""
    candidates = []
    seen = set()
    for done, row in enumerate(rows, start=1):
        try:
            email = normalised_address(row.email)
        except ValidationError as error:
            detail = "No address." if not row.email else " ".join(error.messages)
            report.skipped.append(Skipped(row.line, row.email, Reason.INVALID, detail))
            continue
        key = email.lower()
        if key in seen:
            report.skipped.append(Skipped(row.line, email, Reason.DUPLICATE))
        elif column_key(row.status) not in MAILABLE_STATUSES:
            report.skipped.append(Skipped(row.line, email, Reason.STATUS, f"Status: {row.status}"))
        elif is_role_address(email):
            report.skipped.append(Skipped(row.line, email, Reason.ROLE))
        else:
            candidates.append((row, email))
        seen.add(key)
        if done % 1000 == 0:
            progress("Checking", done, len(rows))

    here = statuses_here(email.lower() for _, email in candidates)
    gone = erased(email.lower() for _, email in candidates)
    accepted = []
    for row, email in candidates:
        key = email.lower()
        if here.get(key) == Subscriber.Status.UNSUBSCRIBED:
            report.skipped.append(Skipped(row.line, email, Reason.SUPPRESSED, "Unsubscribed."))
        elif key in here:
            report.skipped.append(Skipped(row.line, email, Reason.ON_THE_LIST))
        elif key in gone:
            report.skipped.append(Skipped(row.line, email, Reason.SUPPRESSED, "Erased."))
        else:
            accepted.append((row, email))
    report.skipped.sort(key=lambda skipped: skipped.line)
    progress("Checking", len(rows), len(rows))
    return accepted


def import_subscribers(
    data,
    file_name,
    consent_wording,
    reconfirm=False,
    column_map=None,
    progress=None,
    dry_run=False,
):
    """Import the subscriber list in `data` (the CSV file's bytes); return an ImportReport.

    Each row that passes becomes a subscriber, confirmed (or pending, with `reconfirm`),
    with a consent record naming `file_name` and `consent_wording`. Rows already imported,
    like any address we already have, are skipped, so importing the file again adds nothing.
    With `dry_run`, the report says what would be imported and nothing is written.
    Raise ImportFileError if the file cannot be read.
    """
    progress = progress or (lambda phase, done, total: None)
    file_name = file_name[:255]
    report = ImportReport(file_name=file_name)
    rows = read_rows(data, column_map)
    accepted = check_rows(rows, report, progress)

    now = timezone.now()
    status = Subscriber.Status.PENDING if reconfirm else Subscriber.Status.CONFIRMED
    confirmed_at = None if reconfirm else now
    subscribers = []
    consents = []
    for row, email in accepted:
        name = first_name(row.first_name)
        signed_up_at = signup_time(row.signed_up_at)
        if row.signed_up_at and signed_up_at is None:
            report.dates_not_read += 1
        subscribers.append(
            Subscriber(
                email=email,
                first_name=name,
                status=status,
                created_at=now,
                confirmed_at=confirmed_at,
                imported_from=file_name,
            )
        )
        consents.append(
            Consent(
                notice=None,
                source=row.signup_page[:200],
                first_name=name,
                created_at=now,
                confirmed_at=confirmed_at,
                imported_from=file_name,
                consent_wording=consent_wording,
                signed_up_at=signed_up_at,
                old_source=row.source[:200],
            )
        )
    if dry_run:
        report.imported = len(subscribers)
        return report
    try:
        with transaction.atomic():
            for start in range(0, len(subscribers), 500):
                batch = Subscriber.objects.bulk_create(subscribers[start : start + 500])
                for subscriber, consent in zip(batch, consents[start : start + 500], strict=True):
                    consent.subscriber = subscriber
                progress("Saving", start + len(batch), len(subscribers))
            Consent.objects.bulk_create(consents, batch_size=500)
    except IntegrityError:
        # A reader subscribed through the form between the look-up and the writing.
        raise ImportFileError(
            "An address in the file joined the list while it was being imported, so nothing "
            "was imported. Import the file again."
        ) from None
    report.imported = len(subscribers)
    if reconfirm:
        report.reconfirm = [consent.pk for consent in consents]
    logger.info(
        "Imported %s subscribers, skipped %s rows (%s)",
        report.imported,
        len(report.skipped),
        "pending, to reconfirm" if reconfirm else "confirmed",
    )
    return report
