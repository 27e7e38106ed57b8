"""Writing many rows fast: COPY on PostgreSQL, batched executemany on SQLite, with ids chosen by the caller so that
rows can refer to each other before they are written.

For the big tables on PostgreSQL, ``loading(tables)`` drops secondary indexes, unique and foreign-key constraints
before the load and puts them back afterwards (one index build and one validating join each, instead of a million
index insertions and trigger checks). Everything runs inside the caller's transaction, so a failed load leaves
nothing behind.
"""

import datetime
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection


class Writer:
    def __init__(self):
        self.vendor = connection.vendor

    def next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
            return cursor.fetchone()[0]

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        if self.vendor == "postgresql":
            return self._copy(table, columns, rows)
        return self._insert(table, columns, rows)

    def _copy(self, table, columns, rows) -> int:
        count = 0
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _insert(self, table, columns, rows, batch: int = 5000) -> int:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"  # noqa: S608
        count, chunk = 0, []
        with connection.cursor() as cursor:
            for row in rows:
                chunk.append(tuple(_sqlite_value(v) for v in row))
                if len(chunk) >= batch:
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)
                count += len(chunk)
        return count

    def reset_sequences(self, tables: Iterable[str]) -> None:
        """After explicit ids (PostgreSQL): move each id sequence past the largest id. SQLite's AUTOINCREMENT
        table follows explicit ids by itself."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
                    (table,),
                )

    @contextmanager
    def loading(self, tables: Sequence[str], *, enabled: bool = True):
        """Drop secondary indexes and unique/foreign-key constraints of tables meanwhile (PostgreSQL only)."""
        if self.vendor != "postgresql" or not enabled:
            yield
            return
        with connection.cursor() as cursor:
            # ALTER TABLE refuses tables (and the tables they reference) with foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
                "FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u') "
                "ORDER BY c.contype DESC", (list(tables),),  # unique first when restoring, then foreign keys
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", (list(tables),),
            )
            indexes = cursor.fetchall()
            for table, name, _definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _sqlite_value(value):
    # Django stores datetimes in SQLite as naive UTC text; dates as ISO text.
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value
