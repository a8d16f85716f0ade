"""Looking for a string anywhere in the database: every column of every table, history tables
included, found by introspection rather than from the models, so no table can be missed."""

from django.db import connection


def tables_containing(text: str) -> dict[str, list[str]]:
    """{table: [columns]} whose value, read as text, contains `text` (case-insensitive)."""
    found: dict[str, list[str]] = {}
    needle = f"%{text.lower()}%"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} "  # names from introspection
                    f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s LIMIT 1",
                    [needle],
                )
                if cursor.fetchone():
                    found.setdefault(table, []).append(column)
    return found
