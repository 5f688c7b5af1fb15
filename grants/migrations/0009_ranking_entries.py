"""Each sent application's place in its round's ranking, kept by triggers in the same
transaction as each change (grants.RankingEntry)."""

import django.db.models.deletion
from django.db import migrations, models

RANKING_FUNCTIONS = """
-- An application's entry, worked out again from its row, its scores and its decision: there
-- while it is sent (neither a draft nor withdrawn), gone otherwise.
CREATE FUNCTION grants_ranking_refresh(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    entry record;
BEGIN
    -- One change to an application's entry at a time. The lock is taken before the entry is
    -- worked out, by a statement of its own, so that a score another reviewer has just sent
    -- on the same application is seen once it is committed.
    PERFORM 1 FROM grants_grantapplication a WHERE a.id = target FOR NO KEY UPDATE;
    SELECT a.grant_round_id, a.amount_requested,
           (SELECT d.amount FROM grants_decision d WHERE d.application_id = a.id)
               AS decision_amount,
           (SELECT SUM(s.score * c.weight)::double precision / COUNT(DISTINCT s.reviewer_id)
            FROM grants_score s
            JOIN grants_assessmentcriterion c ON c.id = s.criterion_id
            WHERE s.application_id = a.id) AS mean
    INTO entry
    FROM grants_grantapplication a
    WHERE a.id = target AND a.status NOT IN ('draft', 'withdrawn');
    IF NOT FOUND THEN
        DELETE FROM grants_rankingentry e WHERE e.application_id = target;
        RETURN;
    END IF;
    INSERT INTO grants_rankingentry
        (application_id, grant_round_id, mean, amount_requested, decision_amount)
    VALUES (target, entry.grant_round_id, entry.mean, entry.amount_requested,
            entry.decision_amount)
    ON CONFLICT (application_id) DO UPDATE SET
        grant_round_id = EXCLUDED.grant_round_id,
        mean = EXCLUDED.mean,
        amount_requested = EXCLUDED.amount_requested,
        decision_amount = EXCLUDED.decision_amount
    WHERE (grants_rankingentry.grant_round_id, grants_rankingentry.mean,
           grants_rankingentry.amount_requested, grants_rankingentry.decision_amount)
        IS DISTINCT FROM (EXCLUDED.grant_round_id, EXCLUDED.mean,
                          EXCLUDED.amount_requested, EXCLUDED.decision_amount);
END;
$$;

-- An application added, changed or deleted.
CREATE FUNCTION grants_ranking_application_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM grants_ranking_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
END;
$$;

-- A score or a decision added, changed or deleted: the applications it was and is on.
CREATE FUNCTION grants_ranking_part_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM grants_ranking_refresh(OLD.application_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.application_id <> OLD.application_id) THEN
        PERFORM grants_ranking_refresh(NEW.application_id);
    END IF;
    RETURN NULL;
END;
$$;

-- A criterion's weight changed: every application scored on it.
CREATE FUNCTION grants_ranking_weight_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM grants_ranking_refresh(scored.application_id)
    FROM (SELECT DISTINCT s.application_id FROM grants_score s
          WHERE s.criterion_id = NEW.id ORDER BY s.application_id) scored;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ranking_entry
AFTER INSERT OR DELETE OR UPDATE OF status, amount_requested, grant_round_id
ON grants_grantapplication
FOR EACH ROW EXECUTE FUNCTION grants_ranking_application_changed();

CREATE TRIGGER ranking_entry
AFTER INSERT OR DELETE OR UPDATE OF score, criterion_id, reviewer_id, application_id
ON grants_score
FOR EACH ROW EXECUTE FUNCTION grants_ranking_part_changed();

CREATE TRIGGER ranking_entry
AFTER INSERT OR DELETE OR UPDATE OF amount, application_id ON grants_decision
FOR EACH ROW EXECUTE FUNCTION grants_ranking_part_changed();

CREATE TRIGGER ranking_entry
AFTER UPDATE OF weight ON grants_assessmentcriterion
FOR EACH ROW WHEN (OLD.weight IS DISTINCT FROM NEW.weight)
EXECUTE FUNCTION grants_ranking_weight_changed();

-- The applications as they stand when the triggers start.
SELECT grants_ranking_refresh(a.id) FROM grants_grantapplication a ORDER BY a.id;
"""

DROP_RANKING_FUNCTIONS = """
DROP TRIGGER ranking_entry ON grants_assessmentcriterion;
DROP TRIGGER ranking_entry ON grants_decision;
DROP TRIGGER ranking_entry ON grants_score;
DROP TRIGGER ranking_entry ON grants_grantapplication;
DROP FUNCTION grants_ranking_weight_changed();
DROP FUNCTION grants_ranking_part_changed();
DROP FUNCTION grants_ranking_application_changed();
DROP FUNCTION grants_ranking_refresh(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0008_waiting_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankingEntry",
            fields=[
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="grants.grantapplication",
                    ),
                ),
                ("mean", models.FloatField(null=True)),
                ("amount_requested", models.DecimalField(decimal_places=2, max_digits=12)),
                (
                    "decision_amount",
                    models.DecimalField(decimal_places=2, max_digits=12, null=True),
                ),
                (
                    "grant_round",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="grants.grantround",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("grant_round"),
                        models.OrderBy(models.F("mean"), descending=True, nulls_last=True),
                        models.F("application"),
                        include=("amount_requested", "decision_amount"),
                        name="ranking_order_idx",
                    )
                ],
            },
        ),
        migrations.RunSQL(RANKING_FUNCTIONS, DROP_RANKING_FUNCTIONS),
    ]
