"""Search that ignores Vietnamese diacritics and case, folded inside the database.

One folding rule, `fold()`: lower case, no diacritics, đ → d. The query term is folded in Python;
the column is folded by the `Fold` expression, which PostgreSQL runs as lower(unaccent(…)) and
SQLite as `fold()` itself, registered on every new connection by `register_sqlite_fold`.
"""
import unicodedata

from django.db import NotSupportedError
from django.db.models import Func, TextField

SQLITE_FUNCTION = "tgpl_fold"


def fold(text):
    """Lower case without diacritics: "Đồng bào TẬP HUẤN" → "dong bao tap huan"."""
    # đ/Đ are letters of their own, not d with a combining mark, so NFD leaves them alone.
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()


def _sqlite_fold(value):
    # SQLite hands over NULL as None and numbers as numbers; only text is folded.
    return fold(value) if isinstance(value, str) else value


class Fold(Func):
    """The database's own copy of `fold()`, so filtering and sorting stay in SQL."""

    function = SQLITE_FUNCTION
    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # unaccent first: once the text is ASCII, lower() is right whatever the database's locale.
        # The unaccent extension is created by migration plans.0002.
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Diacritic-insensitive search is not implemented for {connection.vendor}.")


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created receiver: give each new SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True)
