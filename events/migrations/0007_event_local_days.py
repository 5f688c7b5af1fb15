"""The local days of each event, kept by the database for the month and week grids."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_public_organisers'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='ends_on',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.RawSQL("((ends_at AT TIME ZONE 'Europe/Helsinki') - interval '1 microsecond')::date", []), output_field=models.DateField()),
        ),
        migrations.AddField(
            model_name='event',
            name='starts_on',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.RawSQL("(starts_at AT TIME ZONE 'Europe/Helsinki')::date", []), output_field=models.DateField()),
        ),
    ]
