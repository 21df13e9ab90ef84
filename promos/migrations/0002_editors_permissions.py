"""Let the Editors group manage promos.

Sign-ups and download links name subscribers, so, like the subscribers themselves, they stay
with administrators: editors see only their counts on each promo.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["add_promo", "change_promo", "delete_promo", "view_promo"]


def give_editors_promo_permissions(apps, schema_editor):
    # As in articles/0002: create the permissions now so a fresh database can grant them.
    app_config = apps.get_app_config("promos")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="promos", codename__in=EDITOR_PERMISSIONS
        )
    )


def remove_editors_promo_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="promos"))


class Migration(migrations.Migration):
    dependencies = [
        ("promos", "0001_initial"),
        ("articles", "0002_editors_group"),
    ]

    operations = [
        migrations.RunPython(give_editors_promo_permissions, remove_editors_promo_permissions)
    ]
