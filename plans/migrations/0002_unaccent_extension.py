"""Install PostgreSQL's unaccent extension, which the diacritic-insensitive plan search uses.

SQLite needs nothing here: plans.search registers its fold function on each connection.
"""
from django.db import migrations


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it without
        # being a superuser.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        # Not dropped on the way back: other database objects may have come to rely on it.
        migrations.RunPython(create_unaccent, migrations.RunPython.noop, elidable=False),
    ]
