"""How many applications of each round wait for a decision, kept by triggers in the same
transaction as each change (grants.WaitingCount)."""

import django.db.models.deletion
from django.db import migrations, models

WAITING_FUNCTIONS = """
-- A round's row holds a positive count, and goes when none waits.
CREATE FUNCTION grants_waiting_add(round_id bigint, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF delta > 0 THEN
        INSERT INTO grants_waitingcount (grant_round_id, count) VALUES (round_id, delta)
        ON CONFLICT (grant_round_id)
        DO UPDATE SET count = grants_waitingcount.count + EXCLUDED.count;
    ELSIF delta < 0 THEN
        UPDATE grants_waitingcount SET count = count + delta WHERE grant_round_id = round_id;
        DELETE FROM grants_waitingcount WHERE grant_round_id = round_id AND count <= 0;
    END IF;
END;
$$;

-- An application waits while it is sent or in review and has no decision made.
CREATE FUNCTION grants_application_waits(application_id bigint, status text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT status IN ('submitted', 'in_review') AND NOT EXISTS (
        SELECT 1 FROM grants_decision decision
        WHERE decision.application_id = $1 AND decision.decided_on IS NOT NULL
    );
$$;

CREATE FUNCTION grants_application_waiting_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status
            AND OLD.grant_round_id = NEW.grant_round_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND grants_application_waits(OLD.id, OLD.status) THEN
        PERFORM grants_waiting_add(OLD.grant_round_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND grants_application_waits(NEW.id, NEW.status) THEN
        PERFORM grants_waiting_add(NEW.grant_round_id, 1);
    END IF;
    RETURN NULL;
END;
$$;

-- A decision made, unmade, moved or deleted: its application (at most one decision each)
-- stops or starts waiting if it is sent or in review.
CREATE FUNCTION grants_decision_waiting_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    application record;
    was_made boolean;
    is_made boolean;
BEGIN
    FOR application IN
        SELECT a.id, a.grant_round_id FROM grants_grantapplication a
        WHERE a.status IN ('submitted', 'in_review') AND a.id IN (
            SELECT (CASE WHEN TG_OP <> 'INSERT' THEN OLD.application_id END)
            UNION
            SELECT (CASE WHEN TG_OP <> 'DELETE' THEN NEW.application_id END)
        )
    LOOP
        was_made := TG_OP <> 'INSERT' AND OLD.application_id = application.id
            AND OLD.decided_on IS NOT NULL;
        is_made := TG_OP <> 'DELETE' AND NEW.application_id = application.id
            AND NEW.decided_on IS NOT NULL;
        IF was_made AND NOT is_made THEN
            PERFORM grants_waiting_add(application.grant_round_id, 1);
        ELSIF is_made AND NOT was_made THEN
            PERFORM grants_waiting_add(application.grant_round_id, -1);
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER waiting_count
AFTER INSERT OR DELETE OR UPDATE OF status, grant_round_id ON grants_grantapplication
FOR EACH ROW EXECUTE FUNCTION grants_application_waiting_count();

CREATE TRIGGER waiting_count
AFTER INSERT OR DELETE OR UPDATE OF decided_on, application_id ON grants_decision
FOR EACH ROW EXECUTE FUNCTION grants_decision_waiting_count();

-- The rounds as they stand when the triggers start.
INSERT INTO grants_waitingcount (grant_round_id, count)
SELECT application.grant_round_id, COUNT(*)
FROM grants_grantapplication application
WHERE grants_application_waits(application.id, application.status)
GROUP BY application.grant_round_id;
"""

DROP_WAITING_FUNCTIONS = """
DROP TRIGGER waiting_count ON grants_decision;
DROP TRIGGER waiting_count ON grants_grantapplication;
DROP FUNCTION grants_decision_waiting_count();
DROP FUNCTION grants_application_waiting_count();
DROP FUNCTION grants_application_waits(bigint, text);
DROP FUNCTION grants_waiting_add(bigint, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_awarded_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="WaitingCount",
            fields=[
                (
                    "grant_round",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="waiting",
                        serialize=False,
                        to="grants.grantround",
                    ),
                ),
                ("count", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(WAITING_FUNCTIONS, DROP_WAITING_FUNCTIONS),
        # The dashboard no longer counts the waiting applications.
        migrations.RemoveIndex(
            model_name="grantapplication",
            name="application_to_review_idx",
        ),
    ]
