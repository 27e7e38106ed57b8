"""The bigram search index over casework_issuesearch (see lianluo/casework/search.py).

PostgreSQL: a GIN index on the bigrams as a tsvector (no positions, no parser, works in any locale), with a larger
statistics target so that ANALYZE lists enough common bigrams for search.py to choose its plan.
SQLite: an external-content FTS5 table (unicode61) whose rows follow casework_issuesearch through triggers.
If a later migration has to rebuild casework_issuesearch on SQLite (Django copies the table), recreate the
triggers there.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX casework_issuesearch_bigrams_gin ON casework_issuesearch "
    "USING gin (array_to_tsvector(string_to_array(bigrams, ' '))) WITH (fastupdate = off)",
    "ALTER INDEX casework_issuesearch_bigrams_gin ALTER COLUMN 1 SET STATISTICS 1000",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS casework_issuesearch_bigrams_gin"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE casework_issuesearch_fts USING fts5("
    "bigrams, content='casework_issuesearch', content_rowid='issue_id', tokenize='unicode61')",
    "CREATE TRIGGER casework_issuesearch_fts_ai AFTER INSERT ON casework_issuesearch BEGIN "
    "INSERT INTO casework_issuesearch_fts(rowid, bigrams) VALUES (new.issue_id, new.bigrams); END",
    "CREATE TRIGGER casework_issuesearch_fts_ad AFTER DELETE ON casework_issuesearch BEGIN "
    "INSERT INTO casework_issuesearch_fts(casework_issuesearch_fts, rowid, bigrams) "
    "VALUES ('delete', old.issue_id, old.bigrams); END",
    "CREATE TRIGGER casework_issuesearch_fts_au AFTER UPDATE ON casework_issuesearch BEGIN "
    "INSERT INTO casework_issuesearch_fts(casework_issuesearch_fts, rowid, bigrams) "
    "VALUES ('delete', old.issue_id, old.bigrams); "
    "INSERT INTO casework_issuesearch_fts(rowid, bigrams) VALUES (new.issue_id, new.bigrams); END",
    "INSERT INTO casework_issuesearch_fts(casework_issuesearch_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS casework_issuesearch_fts_ai",
    "DROP TRIGGER IF EXISTS casework_issuesearch_fts_ad",
    "DROP TRIGGER IF EXISTS casework_issuesearch_fts_au",
    "DROP TABLE IF EXISTS casework_issuesearch_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
