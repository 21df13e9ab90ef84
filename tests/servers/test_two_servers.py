"""Two app servers on one PostgreSQL, one Redis and one media folder ("Several servers" in
docs/deployment.md): what is done through one server, the other shows at once.

Servers A and B are two gunicorn processes with production settings, each with its own
working folder and a task worker (tests/servers/conftest.py). The tests reach them over HTTP,
as visitors and editors behind a load balancer would, and write their rows in the test
database, committed, so that the servers see them.
"""

import re
from collections import Counter
from io import BytesIO

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from articles.models import Article
from newsletter.models import Issue, Subscriber
from tests.factories import image_upload, make_article, make_issue, make_subscriber
from tests.servers.browser import Browser
from tests.servers.conftest import EDITOR_PASSWORD
from tests.servers.hosts import wait_until

# Migrations' rows (the Editors group) are put back after each test empties the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAIL_SECONDS = 30
# More readers than one claim of the sender takes (200), so that both workers get a share.
READERS = 500
SEND_SECONDS = 90


def signed_in(server, editor):
    browser = Browser()
    browser.sign_in(server, editor.username, EDITOR_PASSWORD)
    return browser


def change_url(server, article):
    return server.url + reverse("admin:articles_article_change", args=[article.pk])


def save_article(browser, server, article, files=None, **changes):
    """Change a live article through the server's admin form and press "Publish changes",
    as an editor does (plain Save would keep the changes aside: articles.drafts)."""
    url = change_url(server, article)
    data = browser.get(url).form("#article_form")
    data.update(changes, _publish="Publish changes")
    response = browser.post(url, data, files)
    assert response.status == 302, f"saving the article failed: {response.errors()}"


def heading(page):
    """Return the page's h1: the article's title."""
    assert page.status == 200, page.status
    return page.soup().h1.get_text(strip=True)


def test_an_edit_through_server_a_is_served_at_once_by_server_b(servers, editor):
    article = make_article(title="Pricing For Profit")
    address = servers.b.url + article.get_absolute_url()
    visitor = Browser()
    assert heading(visitor.get(address)) == "Pricing For Profit"
    # A change the page cache is not told about: B goes on serving the page it cached.
    Article.objects.filter(pk=article.pk).update(title="Changed Behind The Cache")
    assert heading(visitor.get(address)) == "Pricing For Profit"

    save_article(signed_in(servers.a, editor), servers.a, article, title="How To Price A Job")

    assert heading(visitor.get(address)) == "How To Price A Job"


def srcset_entries(srcset):
    """Yield (url, width) for each entry of an srcset such as "/a-480w.webp 480w, ..."."""
    for entry in srcset.split(","):
        url, width = entry.split()
        yield url, int(width.removesuffix("w"))


def image_at(url):
    response = Browser().get(url)
    assert response.status == 200, f"{url} answered {response.status}"
    return Image.open(BytesIO(response.content))


def test_an_image_uploaded_through_server_a_is_served_through_server_b(servers, editor):
    article = make_article(title="Signs That Sell")
    picture = image_upload("shop-sign.png", size=(8, 6), color="teal")

    save_article(
        signed_in(servers.a, editor),
        servers.a,
        article,
        files={"hero_image": picture},
        hero_alt="A teal shop sign",
    )

    # B's page names the picture and its renditions; B's nginx serves /media/ from the shared
    # folder (a file server here), so they can only be there if A wrote them into it.
    page = Browser().get(servers.b.url + article.get_absolute_url())
    img = page.soup().select_one("figure.hero img")
    assert img["alt"] == "A teal shop sign"
    original = image_at(servers.media_url + img["src"])
    assert (original.format, original.size) == ("PNG", (8, 6))
    assert original.convert("RGB").getpixel((0, 0)) == (0, 128, 128)
    renditions = list(srcset_entries(img["srcset"]))
    assert renditions
    for url, width in renditions:
        rendition = image_at(servers.media_url + url)
        assert (rendition.format, rendition.width) == ("WEBP", width)


def test_an_image_kept_after_an_error_on_server_a_is_saved_through_server_b(servers, editor):
    # A chosen image survives a form error as a kept file in the private folder, named by a
    # token in the form; the next save may reach the other server.
    article = make_article(title="Window Displays")
    browser = signed_in(servers.a, editor)
    data = browser.get(change_url(servers.a, article)).form("#article_form")
    data.update(title="", hero_alt="A shop window")
    refused = browser.post(
        change_url(servers.a, article), data, {"hero_image": image_upload("window.png")}
    )
    assert refused.status == 200
    data = refused.form("#article_form")
    assert data.get("hero_image-kept"), "the refused form did not keep the image"
    data.update(title="Window Displays That Sell", _publish="Publish changes")

    response = browser.post(change_url(servers.b, article), data)

    assert response.status == 302, f"saving the article failed: {response.errors()}"
    stored = Article.objects.values_list("hero_image", flat=True).get(pk=article.pk)
    assert stored.endswith("window.png")
    assert (servers.media_root / stored).is_file()


def mail_to(mailbox, address):
    return [received for received in mailbox.received() if received.recipients == [address]]


def test_a_subscribe_through_server_b_is_confirmed_through_server_a(servers):
    address = "new.reader@example.com"
    visitor = Browser()
    subscribe_url = servers.b.url + reverse("newsletter:subscribe")
    form = visitor.get(subscribe_url).form(".newsletter-page form")
    form.update(email=address, first_name="Ada")
    response = visitor.post(subscribe_url, form)
    assert response.location == reverse("newsletter:subscribe_done")

    # A worker, on either host, sends the confirmation email from the task queue.
    [email] = wait_until(
        lambda: mail_to(servers.mailbox, address), MAIL_SECONDS, "the confirmation email"
    )
    text = email.message.get_body(("plain",)).get_content()
    confirm_path = re.search(r"https://www\.example\.com(/newsletter/confirm/\S+/)", text)[1]
    assert not Subscriber.objects.get(email=address).is_confirmed()

    confirm_url = servers.a.url + confirm_path
    response = visitor.post(confirm_url, visitor.get(confirm_url).form(".newsletter-page form"))

    assert response.location == reverse("newsletter:confirm_done")
    assert Subscriber.objects.get(email=address).is_confirmed()


def copies_of(mailbox, subject):
    return [received for received in mailbox.received() if received.message["Subject"] == subject]


def press_send(browser, url):
    """Press the button on an issue's Send page: send it, or resume sending it."""
    response = browser.post(url, browser.get(url).form("#content form[method=post]"))
    assert response.status == 302, response.status


def test_workers_on_both_servers_send_an_issue_to_every_reader_once(servers, editor):
    readers = [make_subscriber().email for _ in range(READERS)]
    issue = make_issue(subject="The two-server e-zine", articles=[make_article()])
    # Otherwise one worker could send the whole issue before the other takes its task.
    servers.mailbox.hold_until_two_senders(issue.subject)
    send_path = reverse("admin:newsletter_issue_send", args=[issue.pk])
    browser = signed_in(servers.a, editor)

    press_send(browser, servers.a.url + send_path)
    # The editor's next request reaches B, signed in: sessions live in the database.
    # "Resume sending" there queues a second task, for the other host's worker.
    press_send(browser, servers.b.url + send_path)

    wait_until(
        lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT,
        SEND_SECONDS,
        "the issue to be sent",
    )
    copies = copies_of(servers.mailbox, issue.subject)
    assert Counter(address for mail in copies for address in mail.recipients) == Counter(readers)
    assert len({mail.connection for mail in copies}) == 2, "one worker sent the whole issue"
    worker_ids = {worker for task in DBTaskResult.objects.all() for worker in task.worker_ids}
    assert worker_ids == {"host-a", "host-b"}
