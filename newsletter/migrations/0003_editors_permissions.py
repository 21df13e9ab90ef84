"""Let the Editors group write and send issues and edit the privacy notice.

Editors get nothing on subscribers: the list of people, its export and erasure stay with
administrators (the CSV export has its own permission for that reason).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_issue",
    "change_issue",
    "delete_issue",
    "view_issue",
    "send_issue",
    "add_privacynotice",
    "change_privacynotice",
    "view_privacynotice",
]


def give_editors_newsletter_permissions(apps, schema_editor):
    # As in articles/0002: create the permissions now so a fresh database can grant them.
    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="newsletter", codename__in=EDITOR_PERMISSIONS
        )
    )


def remove_editors_newsletter_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="newsletter")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_first_privacy_notice"),
        ("articles", "0002_editors_group"),
    ]

    operations = [
        migrations.RunPython(
            give_editors_newsletter_permissions, remove_editors_newsletter_permissions
        )
    ]
