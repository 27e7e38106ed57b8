"""Writing many rows of one model quickly, with values prepared exactly as ``save()`` prepares them.

Django's ``bulk_create`` builds a model instance for every row and a new multi-row statement for every batch;
for imports of a hundred thousand rows that costs several times what the database itself spends. The helpers
here take plain tuples of Python values instead and prepare each value with its field's ``get_db_prep_save``
(encrypted fields are encrypted, dates adapted for the database). Rows go in through one prepared statement run
with ``cursor.executemany``; on PostgreSQL, inserts stream through ``COPY`` instead, its bulk-load path.

They do what ``save()`` does to the values and nothing else: no ``save()`` override runs, no signal is sent, no
validation takes place. A caller computes whatever the model's ``save()`` derives before calling. Foreign keys
are given as ids. Works on PostgreSQL and SQLite.
"""

import datetime
from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import NotSupportedError, connections, router
from django.db.models import DateTimeField
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

BATCH_ROWS = 2000  # rows prepared and sent per executemany call (bounds memory, not round trips)


def reserve_ids(model, count: int, *, using: str | None = None) -> list[int]:
    """``count`` new primary keys for ``model``, taken before inserting so that child rows can refer to them.

    PostgreSQL draws them from the table's sequence, which no other transaction will hand out again. SQLite has
    no sequence to draw from: the ids follow the larger of the table's highest id and its AUTOINCREMENT counter
    (ids of deleted rows are not reused), so they hold only inside the caller's ``transaction.atomic()`` block:
    its write lock (taken at BEGIN, config/env.py) keeps other writers out until the rows are in, and inserting
    them advances the counter as any insert does.
    """
    if count <= 0:
        return []
    connection = connections[using or router.db_for_write(model)]
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), column, count])
            ids = sorted(value for (value,) in cursor.fetchall() if value is not None)
            if len(ids) != count:
                raise NotSupportedError(f"{table}.{column} has no sequence to reserve ids from.")
            return ids
        if connection.vendor == "sqlite":
            if not connection.in_atomic_block:
                raise NotSupportedError("On SQLite, reserve ids inside the transaction that inserts the rows.")
            cursor.execute(
                f"SELECT max(coalesce((SELECT max({connection.ops.quote_name(column)}) "  # noqa: S608 (names from _meta)
                f"FROM {connection.ops.quote_name(table)}), 0), "
                "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            start = cursor.fetchone()[0] + 1
            return list(range(start, start + count))
    raise NotSupportedError(f"reserve_ids does not support {connection.vendor}.")


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence], *, same: dict | None = None,
                using: str | None = None, batch_size: int = BATCH_ROWS) -> int:
    """Insert ``rows`` (each a sequence of Python values in the order of ``fields``); the number inserted.

    ``same`` gives fields whose value is the same for every row ({name: value}); such a value is prepared once
    (an encrypted one would be the same ciphertext in every row: name encrypted fields in ``fields``). Name the
    primary key among ``fields`` (with ids from ``reserve_ids``) to know the new rows' ids; otherwise the database
    assigns them. Concrete fields named in neither are filled as ``save()`` would fill them: ``auto_now`` and
    ``auto_now_add`` with one ``timezone.now()`` for the whole call, the others with their default (a callable
    default is called for each row); a field with a database default is left to the database.
    """
    connection = connections[using or router.db_for_write(model)]
    named = _fields(model, fields)
    same = same or {}
    fixed = list(zip(_fields(model, [*fields, *same])[len(named):], same.values(), strict=True))
    per_row = []  # (field, callable default) for fields filled row by row
    given = {field.column for field in named} | {field.column for field, _ in fixed}
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.column in given or field is model._meta.auto_field or getattr(field, "generated", False):
            continue
        if field.db_default is not NOT_PROVIDED:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append((field, now if isinstance(field, DateTimeField) else datetime.date.today()))
        elif field.has_default() and callable(field.default):
            per_row.append((field, field.get_default))
        else:
            fixed.append((field, field.get_default()))
    columns = [*named, *(f for f, _ in fixed), *(f for f, _ in per_row)]
    fixed_values = [field.get_db_prep_save(value, connection) for field, value in fixed]
    filled = [(field.get_db_prep_save, make) for field, make in per_row]

    def prepared(row):
        values = _prepared(named, row, connection)
        values += fixed_values
        values += [prep(make(), connection) for prep, make in filled]
        return values

    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(field.column) for field in columns)
    rows = map(prepared, rows)
    if connection.vendor == "postgresql":
        # PostgreSQL's bulk-load path: the same prepared values, streamed, without a statement per row for the
        # server to parse, plan and acknowledge (several times faster than executemany for 130,000 rows).
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
                count += 1
        return count
    # Table and column names come from the model's _meta; every value is a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    return _execute_many(connection, sql, rows, batch_size)


def update_rows(model, fields: Sequence[str], rows: Iterable[Sequence], *, using: str | None = None,
                batch_size: int = BATCH_ROWS) -> int:
    """Update existing rows by primary key: each row is ``(pk, *values in the order of fields)``.

    Only the named fields are written (``auto_now`` fields too only when named: pass the new ``updated_at``).
    Returns the number of rows given.
    """
    connection = connections[using or router.db_for_write(model)]
    named = _fields(model, fields)
    pk = model._meta.pk
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in named)} "  # noqa: S608
           f"WHERE {quote(pk.column)} = %s")

    def prepared(row):
        values = _prepared(named, row[1:], connection)
        values.append(pk.get_db_prep_save(row[0], connection))
        return values

    return _execute_many(connection, sql, map(prepared, rows), batch_size)


def _fields(model, names: Sequence[str]) -> list:
    fields = [model._meta.get_field(name) for name in names]
    for field in fields:
        if not getattr(field, "concrete", False) or field.many_to_many or getattr(field, "generated", False):
            raise ValueError(f"{model.__name__}.{field.name} is not a column that can be written.")
        if hasattr(field, "get_placeholder"):
            raise NotSupportedError(f"{model.__name__}.{field.name} needs an SQL placeholder of its own.")
    if len({field.column for field in fields}) != len(fields):
        raise ValueError(f"a column of {model.__name__} is named twice.")
    return fields


def _prepared(fields, row, connection) -> list:
    if len(row) != len(fields):  # the values themselves stay out of the message: they may be personal data
        raise ValueError(f"expected {len(fields)} values in a row, got {len(row)}.")
    return [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]


def _execute_many(connection, sql: str, params: Iterable[list], batch_size: int) -> int:
    count = 0
    params = iter(params)
    with connection.cursor() as cursor:
        while batch := list(islice(params, batch_size)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
