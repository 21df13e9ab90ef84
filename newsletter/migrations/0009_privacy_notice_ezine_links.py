"""Add a version of the privacy notice that says what the e-zine's links count.

The new version is the current one with a section about the links added (and the sentence
on what each issue records brought up to date, where it still reads as we first wrote it);
a notice that already has the section is left as it is.
"""

from django.db import migrations

from articles.markdown import render

HEADING = "## Links in the e-zine"

SECTION = f"""\
{HEADING}

The links in each issue lead through our own website on their way to the page they name.
That lets us count how many times each link was followed, and note for your copy of the
issue whether you followed at least one of its links. We do not note which link you
followed, or when. If you unsubscribe through the link in an issue, we note that it was
that issue. Our e-mails contain no hidden images to tell us whether you opened them, and
the copy of each issue on our website has plain links that count nothing.
"""

UPDATES = {
    "the page you subscribed from,": "the page and the form you subscribed from,",
    "For each issue we also note whether it was sent to you.": (
        "For each issue we also note whether it was sent to you, and whether you followed\n"
        "a link in it or unsubscribed through it (see below)."
    ),
}


def add_links_section(apps, schema_editor):
    PrivacyNotice = apps.get_model("newsletter", "PrivacyNotice")
    current = PrivacyNotice.objects.order_by("-version").first()
    if current is None or HEADING in current.body:
        return
    body = current.body
    for old, new in UPDATES.items():
        body = body.replace(old, new)
    body = body.rstrip() + "\n\n" + SECTION
    PrivacyNotice.objects.create(
        version=current.version + 1, summary=current.summary, body=body, body_html=render(body)
    )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0008_subscriber_import")]

    operations = [migrations.RunPython(add_links_section, migrations.RunPython.noop)]
