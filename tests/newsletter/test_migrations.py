"""Issues written before the greeting was part of the issue still greet readers as they did."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsletter import emails
from newsletter.models import Issue

BEFORE = [("newsletter", "0004_consent_first_name")]
AFTER = [("newsletter", "0005_issue_greeting")]


@pytest.fixture
def back_to_the_latest_migrations():
    """Migrate the test database forward again afterwards: later tests need every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_an_issue_from_before_the_greeting_field_keeps_its_greeting():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_issue = executor.loader.project_state(BEFORE).apps.get_model("newsletter", "Issue")
    pk = old_issue.objects.create(subject="An old draft", body="Old note.").pk

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    rendered = emails.render_issue(Issue.objects.get(pk=pk))
    assert rendered.for_reader("Pat", "u")[0].startswith("Hello Pat,\n")
    assert rendered.for_reader("", "u")[0].startswith("Hello,\n")
