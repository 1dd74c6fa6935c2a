from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import apps.products.models


class PostgresOnlySQL(migrations.RunSQL):
    """Search indexes exist only on PostgreSQL; SQLite (the embedded shop) searches without them."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0001_catalog_and_stock"),
    ]

    operations = [
        TrigramExtension(),
        # Trigram index: typo-tolerant and partial-word matching (word_similarity, `%>`).
        PostgresOnlySQL(
            sql="CREATE INDEX product_search_trgm_idx ON products_product "
            "USING gin (search_document gin_trgm_ops)",
            reverse_sql="DROP INDEX product_search_trgm_idx",
        ),
        # Full-text index: whole and prefix word matches; the expression is the one
        # `apps.products.selectors` queries, so the planner can use it.
        PostgresOnlySQL(
            sql="CREATE INDEX product_search_fts_idx ON products_product "
            "USING gin (to_tsvector('simple'::regconfig, search_document))",
            reverse_sql="DROP INDEX product_search_fts_idx",
        ),
        migrations.AddField(
            model_name="product",
            name="low_stock_alerted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="stockbatch",
            name="expiry_alerted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # Image dimensions are written by the upload service, not read back from storage.
        migrations.AlterField(
            model_name="productimage",
            name="image",
            field=models.ImageField(upload_to=apps.products.models.product_image_path),
        ),
    ]
