"""The survey's answers counted per question, score and category, kept by triggers in the same
transaction as each change (wellbeing.SurveyCount)."""

import django.db.models.deletion
from django.db import migrations, models

COUNT_FUNCTIONS = """
-- A submitted response's answers count once in all (category NULL) and once per category its
-- association is linked to: the groups an association's answers count in.
CREATE FUNCTION wellbeing_survey_count_groups(association bigint) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY[NULL::bigint] || ARRAY(
        SELECT category_id FROM organizations_association_categories
        WHERE association_id = association
    );
$$;

-- One answer, given by its values, counted `delta` times in each of the groups.
CREATE FUNCTION wellbeing_survey_count_answer(
    groups bigint[], question bigint, score smallint, cant_say boolean, written boolean,
    delta integer
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO wellbeing_surveycount
        (question_id, category_id, score, cant_say, written, count)
    SELECT question, category_id, score, cant_say, written, delta
    FROM unnest(groups) AS category_id
    ON CONFLICT (question_id, category_id, score, cant_say, written)
    DO UPDATE SET count = wellbeing_surveycount.count + EXCLUDED.count;
$$;

-- A response's answers as they stand, counted `delta` times in each of the groups.
CREATE FUNCTION wellbeing_survey_count_response(
    response bigint, groups bigint[], delta integer
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO wellbeing_surveycount
        (question_id, category_id, score, cant_say, written, count)
    SELECT answer.question_id, category_id, answer.score, answer.cant_say, answer.text <> '',
           delta * COUNT(*)
    FROM wellbeing_surveyanswer answer CROSS JOIN unnest(groups) AS category_id
    WHERE answer.response_id = response
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (question_id, category_id, score, cant_say, written)
    DO UPDATE SET count = wellbeing_surveycount.count + EXCLUDED.count;
$$;

-- An answer counts while its response is submitted.
CREATE FUNCTION wellbeing_answer_survey_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM wellbeing_survey_count_answer(
            wellbeing_survey_count_groups(response.association_id),
            OLD.question_id, OLD.score, OLD.cant_say, OLD.text <> '', -1
        )
        FROM wellbeing_surveyresponse response
        WHERE response.id = OLD.response_id AND response.submitted_at IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM wellbeing_survey_count_answer(
            wellbeing_survey_count_groups(response.association_id),
            NEW.question_id, NEW.score, NEW.cant_say, NEW.text <> '', 1
        )
        FROM wellbeing_surveyresponse response
        WHERE response.id = NEW.response_id AND response.submitted_at IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$;

-- A response's answers count while it is submitted, under its association's categories.
CREATE FUNCTION wellbeing_response_survey_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_counted boolean := TG_OP <> 'INSERT' AND OLD.submitted_at IS NOT NULL;
    is_counted boolean := TG_OP <> 'DELETE' AND NEW.submitted_at IS NOT NULL;
BEGIN
    IF TG_OP = 'UPDATE' AND was_counted = is_counted
            AND OLD.association_id = NEW.association_id THEN
        RETURN NULL;
    END IF;
    IF was_counted THEN
        PERFORM wellbeing_survey_count_response(
            OLD.id, wellbeing_survey_count_groups(OLD.association_id), -1
        );
    END IF;
    IF is_counted THEN
        PERFORM wellbeing_survey_count_response(
            NEW.id, wellbeing_survey_count_groups(NEW.association_id), 1
        );
    END IF;
    RETURN NULL;
END;
$$;

-- A category link counts its association's submitted answers in that category.
CREATE FUNCTION wellbeing_link_survey_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM wellbeing_survey_count_response(response.id, ARRAY[OLD.category_id], -1)
        FROM wellbeing_surveyresponse response
        WHERE response.association_id = OLD.association_id
          AND response.submitted_at IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM wellbeing_survey_count_response(response.id, ARRAY[NEW.category_id], 1)
        FROM wellbeing_surveyresponse response
        WHERE response.association_id = NEW.association_id
          AND response.submitted_at IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER survey_count
AFTER INSERT OR DELETE OR UPDATE OF response_id, question_id, score, cant_say, text
ON wellbeing_surveyanswer
FOR EACH ROW EXECUTE FUNCTION wellbeing_answer_survey_count();

CREATE TRIGGER survey_count
AFTER DELETE OR UPDATE OF submitted_at, association_id ON wellbeing_surveyresponse
FOR EACH ROW EXECUTE FUNCTION wellbeing_response_survey_count();

CREATE TRIGGER survey_count
AFTER INSERT OR DELETE OR UPDATE ON organizations_association_categories
FOR EACH ROW EXECUTE FUNCTION wellbeing_link_survey_count();

-- The answers as they stand when the triggers start.
INSERT INTO wellbeing_surveycount (question_id, category_id, score, cant_say, written, count)
SELECT answer.question_id, category_id, answer.score, answer.cant_say, answer.text <> '',
       COUNT(*)
FROM wellbeing_surveyanswer answer
JOIN wellbeing_surveyresponse response ON response.id = answer.response_id
CROSS JOIN unnest(wellbeing_survey_count_groups(response.association_id)) AS category_id
WHERE response.submitted_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
"""

DROP_COUNT_FUNCTIONS = """
DROP TRIGGER survey_count ON organizations_association_categories;
DROP TRIGGER survey_count ON wellbeing_surveyresponse;
DROP TRIGGER survey_count ON wellbeing_surveyanswer;
DROP FUNCTION wellbeing_link_survey_count();
DROP FUNCTION wellbeing_response_survey_count();
DROP FUNCTION wellbeing_answer_survey_count();
DROP FUNCTION wellbeing_survey_count_response(bigint, bigint[], integer);
DROP FUNCTION wellbeing_survey_count_answer(bigint[], bigint, smallint, boolean, boolean, integer);
DROP FUNCTION wellbeing_survey_count_groups(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0010_register_counts"),
        ("wellbeing", "0002_followup"),
    ]

    operations = [
        migrations.CreateModel(
            name="SurveyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(null=True)),
                ("cant_say", models.BooleanField()),
                ("written", models.BooleanField()),
                ("count", models.IntegerField(default=0)),
                (
                    "category",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organizations.category",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wellbeing.surveyquestion",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("question", "category", "score", "cant_say", "written"),
                        name="survey_count_unique",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(COUNT_FUNCTIONS, DROP_COUNT_FUNCTIONS),
    ]
