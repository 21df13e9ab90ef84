"""My account: every staff user, editors included, keeps their own name and email."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import make_editor, make_user

pytestmark = pytest.mark.django_db

URL = reverse("admin:my_account")


@pytest.fixture
def editor(client):
    editor = make_editor()
    client.force_login(editor)
    return editor


def test_the_admin_header_links_to_my_account(client, editor):
    response = client.get(reverse("admin:index"))

    assert f'<a href="{URL}">My account</a>' in response.content.decode()


def test_an_editor_sets_their_name_and_email(client, editor):
    response = client.post(
        URL, {"first_name": "Edie", "last_name": "Tor", "email": "edie@example.com"}, follow=True
    )

    assert response.redirect_chain == [(URL, 302)]
    editor.refresh_from_db()
    assert (editor.first_name, editor.last_name, editor.email) == (
        "Edie",
        "Tor",
        "edie@example.com",
    )
    assert [str(m) for m in response.context["messages"]] == ["Your account was saved."]


def test_the_form_shows_the_users_own_details(client, editor):
    editor.first_name = "Edie"
    editor.save()

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["form"]["first_name"].value() == "Edie"
    assert list(response.context["form"].fields) == ["first_name", "last_name", "email"]


def test_an_invalid_email_is_refused(client, editor):
    response = client.post(URL, {"first_name": "Edie", "email": "edie at example"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    editor.refresh_from_db()
    assert editor.first_name == ""


def test_a_post_cannot_change_the_username_permissions_or_groups(client, editor):
    admins = Group.objects.create(name="Administrators")

    client.post(
        URL,
        {
            "first_name": "Edie",
            "email": "edie@example.com",
            "username": "root",
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
            "groups": [admins.pk],
            "user_permissions": ["1", "2"],
            "password": "new",
        },
    )

    editor.refresh_from_db()
    assert editor.first_name == "Edie"
    assert editor.username == "editor"
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert not editor.user_permissions.exists()
    assert editor.check_password("pw")


def test_it_changes_only_the_signed_in_users_account(client, editor):
    other = make_editor("another")

    client.post(URL, {"first_name": "Edie", "email": "edie@example.com", "id": other.pk})

    other.refresh_from_db()
    assert other.first_name == ""
    editor.refresh_from_db()
    assert editor.first_name == "Edie"


def test_saving_unchanged_details_says_so(client, editor):
    response = client.post(URL, {"first_name": "", "last_name": "", "email": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Nothing changed."]


def test_the_change_is_logged_without_the_details(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="smallbiz"):
        client.post(URL, {"first_name": "Edie", "email": "edie@example.com"})

    assert f"User {editor.pk} changed first_name, email" in caplog.text
    assert "edie@example.com" not in caplog.text
    assert "Edie" not in caplog.text


def test_people_who_are_not_staff_get_the_login_page(client):
    client.force_login(make_user("reader"))

    response = client.post(URL, {"first_name": "Mallory"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_my_account_keeps_the_strict_policy_and_cannot_be_framed(client, editor):
    response = client.get(URL)

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
