"""Let the Editors group see the Insights page (administrators see it as superusers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def give_editors_insights(apps, schema_editor):
    # As in articles/0002: create the permission now so a fresh database can grant it.
    app_config = apps.get_app_config("insights")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="insights", codename="view_insights")
    )


def remove_editors_insights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="insights", codename="view_insights")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_daily_counts"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(give_editors_insights, remove_editors_insights)]
