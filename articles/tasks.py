"""Background work for articles, run by Django's tasks framework (`manage.py db_worker`)."""

from django.tasks import task

from articles import drafts


@task
def publish_scheduled_changes():
    """Publish the unpublished changes whose time has come; return how many were published."""
    return len(drafts.publish_due())


def publish_changes_at(when):
    """Run publish_scheduled_changes at `when`, if the task backend can defer work.

    A backend that cannot (the one that runs tasks at once, in development) leaves it to
    `manage.py publish_scheduled_changes`.
    """
    if publish_scheduled_changes.get_backend().supports_defer:
        publish_scheduled_changes.using(run_after=when).enqueue()
