"""The bigram search indexes of suggestions and of their public versions (see lianluo/core/bigrams.py and the
instances in lianluo/proposals/search.py).

- proposals_suggestionsearch.bigrams (a side table keyed by suggestion_id): the list's keyword search;
- proposals_publication.bigrams (a column of the public version itself, rowid id): the public search.

PostgreSQL: a GIN index on the bigrams as a tsvector (no positions, no parser, works in any locale), with a larger
statistics target so that ANALYZE lists enough common bigrams for the search to choose its plan; the tables are
analysed at once so that the plan choice is right from the first search.
SQLite: an external-content FTS5 table (unicode61) per document column, whose rows follow the table through
triggers, filled from the rows already there. If a later migration has to rebuild one of these tables on SQLite
(Django copies the table), recreate its triggers there.
"""

from django.db import migrations

# (table, rowid column, GIN index, FTS5 table)
INDEXES = [
    ("proposals_suggestionsearch", "suggestion_id", "proposals_suggestionsearch_bigrams_gin",
     "proposals_suggestionsearch_fts"),
    ("proposals_publication", "id", "proposals_publication_bigrams_gin", "proposals_publication_fts"),
]


def _pg_forward(table, key, gin, fts):
    return [
        f"CREATE INDEX {gin} ON {table} USING gin (array_to_tsvector(string_to_array(bigrams, ' '))) "
        "WITH (fastupdate = off)",
        f"ALTER INDEX {gin} ALTER COLUMN 1 SET STATISTICS 1000",
        f"ANALYZE {table}",
    ]


def _pg_backward(table, key, gin, fts):
    return [f"DROP INDEX IF EXISTS {gin}"]


def _sqlite_forward(table, key, gin, fts):
    # The names are the constants above, never input.
    delete_old = f"INSERT INTO {fts}({fts}, rowid, bigrams) VALUES ('delete', old.{key}, old.bigrams); "  # noqa: S608
    insert_new = f"INSERT INTO {fts}(rowid, bigrams) VALUES (new.{key}, new.bigrams); "  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5("
        f"bigrams, content='{table}', content_rowid='{key}', tokenize='unicode61')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert_new}END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete_old}END",
        # Only a change of the document touches the index (a public version's status changes more often).
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF bigrams ON {table} BEGIN {delete_old}{insert_new}END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
    ]


def _sqlite_backward(table, key, gin, fts):
    return [
        f"DROP TRIGGER IF EXISTS {fts}_ai",
        f"DROP TRIGGER IF EXISTS {fts}_ad",
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        make = statements_by_vendor.get(schema_editor.connection.vendor)
        if make is None:
            return
        for index in INDEXES:
            for statement in make(*index):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": _pg_forward, "sqlite": _sqlite_forward}),
            _run({"postgresql": _pg_backward, "sqlite": _sqlite_backward}),
        ),
    ]
