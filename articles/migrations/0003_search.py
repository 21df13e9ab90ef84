"""Full-text search: plain-text copies of the Markdown fields, and the search index.

The index is the table articles_search, one row per article: title, summary, and a body of
the introduction followed by every section's heading and text. On SQLite it is an FTS5
virtual table (porter stemming, diacritics folded); on PostgreSQL a table with a generated,
GIN-indexed tsvector column (English configuration, weights A title, B summary, D body).

Database triggers rewrite an article's row whenever the article or one of its sections is
inserted, updated or deleted. Triggers rather than a call from Python, because then every
write path keeps the index right: the admin, its bulk "delete selected", the importer,
`load_demo`, the shell and the tests' factories.

Warning for later migrations: on SQLite, an operation that remakes articles_article or
articles_section (most AlterField and RemoveField operations, changing a constraint) drops
their triggers with the old table. Such a migration must run `create_triggers()` from this
module again; tests/articles/test_search.py fails if the triggers are missing.
"""

from django.db import migrations, models

import django.db.models.deletion

# An article's index row, made from its columns. Sections are joined in position order on
# PostgreSQL; SQLite's group_concat cannot be ordered, and the order does not change matches.
SQLITE_INSERT_ROWS = """
    INSERT INTO articles_search (rowid, title, summary, body)
    SELECT a.id, a.title, a.summary, trim(a.intro_text || char(10) || coalesce((
        SELECT group_concat(s.heading || char(10) || s.body_text, char(10))
        FROM articles_section AS s WHERE s.article_id = a.id
    ), ''))
    FROM articles_article AS a
"""

# Rebuild one article's row; {article} is NEW.id, OLD.article_id and so on.
SQLITE_REINDEX = f"""
    DELETE FROM articles_search WHERE rowid = {{article}};
    {SQLITE_INSERT_ROWS} WHERE a.id = {{article}};
"""

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
]

SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article
    BEGIN {SQLITE_REINDEX.format(article="NEW.id")} END
    """,
    f"""
    CREATE TRIGGER articles_article_search_update
    AFTER UPDATE OF title, summary, intro_text ON articles_article
    BEGIN {SQLITE_REINDEX.format(article="NEW.id")} END
    """,
    """
    CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article
    BEGIN DELETE FROM articles_search WHERE rowid = OLD.id; END
    """,
    f"""
    CREATE TRIGGER articles_section_search_insert AFTER INSERT ON articles_section
    BEGIN {SQLITE_REINDEX.format(article="NEW.article_id")} END
    """,
    # Not on position: reordering sections does not change what matches, and the admin
    # shifts every position twice when it saves an article.
    f"""
    CREATE TRIGGER articles_section_search_update
    AFTER UPDATE OF heading, body_text, article_id ON articles_section
    BEGIN {SQLITE_REINDEX.format(article="NEW.article_id")} END
    """,
    f"""
    CREATE TRIGGER articles_section_search_move
    AFTER UPDATE OF article_id ON articles_section WHEN OLD.article_id <> NEW.article_id
    BEGIN {SQLITE_REINDEX.format(article="OLD.article_id")} END
    """,
    f"""
    CREATE TRIGGER articles_section_search_delete AFTER DELETE ON articles_section
    BEGIN {SQLITE_REINDEX.format(article="OLD.article_id")} END
    """,
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_search_insert",
    "DROP TRIGGER IF EXISTS articles_article_search_update",
    "DROP TRIGGER IF EXISTS articles_article_search_delete",
    "DROP TRIGGER IF EXISTS articles_section_search_insert",
    "DROP TRIGGER IF EXISTS articles_section_search_update",
    "DROP TRIGGER IF EXISTS articles_section_search_move",
    "DROP TRIGGER IF EXISTS articles_section_search_delete",
    "DROP TABLE IF EXISTS articles_search",
]

# No foreign key to articles_article: Django's flush (and TransactionTestCase) truncates
# tables, which a referencing table would block; the truncate trigger below empties it.
POSTGRESQL_CREATE = [
    """
    CREATE TABLE articles_search (
        rowid bigint PRIMARY KEY,
        title text NOT NULL,
        summary text NOT NULL,
        body text NOT NULL,
        document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', summary), 'B')
            || setweight(to_tsvector('english', body), 'D')
        ) STORED
    )
    """,
    "CREATE INDEX articles_search_document ON articles_search USING gin (document)",
    """
    CREATE FUNCTION articles_search_reindex(article bigint) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO articles_search (rowid, title, summary, body)
        SELECT a.id, a.title, a.summary, concat_ws(E'\\n', a.intro_text, (
            SELECT string_agg(s.heading || E'\\n' || s.body_text, E'\\n'
                              ORDER BY s.position, s.id)
            FROM articles_section AS s WHERE s.article_id = a.id
        ))
        FROM articles_article AS a WHERE a.id = article
        ON CONFLICT (rowid) DO UPDATE
        SET title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body
    $$
    """,
    """
    CREATE FUNCTION articles_article_search() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM articles_search WHERE rowid = OLD.id;
        ELSE
            PERFORM articles_search_reindex(NEW.id);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_section_search() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM articles_search_reindex(OLD.article_id);
        END IF;
        IF TG_OP = 'INSERT' OR NEW.article_id <> OLD.article_id THEN
            PERFORM articles_search_reindex(NEW.article_id);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_search_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search;
        RETURN NULL;
    END
    $$
    """,
]

POSTGRESQL_TRIGGERS = [
    """
    CREATE TRIGGER articles_article_search
    AFTER INSERT OR DELETE OR UPDATE OF title, summary, intro_text ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search()
    """,
    """
    CREATE TRIGGER articles_article_search_truncate AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_truncate()
    """,
    """
    CREATE TRIGGER articles_section_search
    AFTER INSERT OR DELETE OR UPDATE OF heading, body_text, article_id ON articles_section
    FOR EACH ROW EXECUTE FUNCTION articles_section_search()
    """,
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_search ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_search_truncate ON articles_article",
    "DROP TRIGGER IF EXISTS articles_section_search ON articles_section",
    "DROP FUNCTION IF EXISTS articles_article_search()",
    "DROP FUNCTION IF EXISTS articles_section_search()",
    "DROP FUNCTION IF EXISTS articles_search_truncate()",
    "DROP FUNCTION IF EXISTS articles_search_reindex(bigint)",
    "DROP TABLE IF EXISTS articles_search",
]


def fill_plain_text(apps, schema_editor):
    """Give existing articles and sections the plain text that save() now keeps."""
    from articles.markdown import plain_text

    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("articles", "Section")
    for article in Article.objects.only("intro_html"):
        article.intro_text = plain_text(article.intro_html)
        article.save(update_fields=["intro_text"])
    for section in Section.objects.only("body_html"):
        section.body_text = plain_text(section.body_html)
        section.save(update_fields=["body_text"])


def create_triggers(schema_editor):
    """Create the triggers that keep articles_search in step (see the module docstring)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_TRIGGERS
    elif vendor == "postgresql":
        statements = POSTGRESQL_TRIGGERS
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_search_index(apps, schema_editor):
    """Create the search table and its triggers, then index every existing article."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [*SQLITE_CREATE, SQLITE_INSERT_ROWS]
    elif vendor == "postgresql":
        statements = [
            *POSTGRESQL_CREATE,
            "SELECT articles_search_reindex(id) FROM articles_article",
        ]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)
    create_triggers(schema_editor)


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="intro_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="section",
            name="body_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_plain_text, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField()),
                (
                    "body",
                    models.TextField(
                        help_text="The introduction, then each section's heading and text."
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "db_table": "articles_search",
                "ordering": ["article"],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
