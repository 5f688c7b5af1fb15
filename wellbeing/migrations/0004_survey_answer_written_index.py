"""The written answers of a survey, read from an index for the officer's results."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wellbeing", "0003_survey_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="surveyanswer",
            index=models.Index(
                condition=models.Q(("text", ""), _negated=True),
                fields=["response"],
                include=("question", "text"),
                name="survey_answer_written_idx",
            ),
        ),
    ]
