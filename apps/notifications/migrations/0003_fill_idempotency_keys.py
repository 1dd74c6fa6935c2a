import uuid

from django.db import migrations


def fill_keys(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for pk in Notification.objects.filter(idempotency_key__isnull=True).values_list("pk", flat=True):
        Notification.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_outbox_channels_templates_preferences"),
    ]

    operations = [
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
