"""The confirmed bookings' time and turns per space and local day, kept by triggers in the same
transaction as each change to a booking (facilities.BookedDay)."""

import datetime

import django.db.models.deletion
from django.db import migrations, models

BOOKED_DAY_FUNCTIONS = """
-- One booking's share of its space and day, added (sign 1) or taken away (sign -1). The day
-- is the local day it starts on, in BookedDay.ZONE.
CREATE FUNCTION facilities_booked_day_add(
    space bigint, starts timestamptz, ends timestamptz, series bigint, came integer, sign integer
)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO facilities_bookedday AS kept (space_id, day, booked, turns, turns_used)
    VALUES (
        space,
        (starts AT TIME ZONE 'Europe/Helsinki')::date,
        sign * (ends - starts),
        CASE WHEN series IS NULL THEN 0 ELSE sign END,
        CASE WHEN series IS NOT NULL AND came > 0 THEN sign ELSE 0 END
    )
    ON CONFLICT (day, space_id) DO UPDATE SET
        booked = kept.booked + EXCLUDED.booked,
        turns = kept.turns + EXCLUDED.turns,
        turns_used = kept.turns_used + EXCLUDED.turns_used;
$$;

-- A booking counts while it is confirmed.
CREATE FUNCTION facilities_booking_booked_day() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN
        PERFORM facilities_booked_day_add(
            OLD.space_id, OLD.starts_at, OLD.ends_at, OLD.series_id, OLD.actual_participants, -1
        );
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN
        PERFORM facilities_booked_day_add(
            NEW.space_id, NEW.starts_at, NEW.ends_at, NEW.series_id, NEW.actual_participants, 1
        );
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER booked_day
AFTER INSERT OR DELETE ON facilities_booking
FOR EACH ROW EXECUTE FUNCTION facilities_booking_booked_day();

-- A save writes every column: only a change to what counts touches the kept rows.
CREATE TRIGGER booked_day_change
AFTER UPDATE ON facilities_booking
FOR EACH ROW
WHEN (
    (OLD.status, OLD.space_id, OLD.starts_at, OLD.ends_at, OLD.series_id, OLD.actual_participants)
    IS DISTINCT FROM
    (NEW.status, NEW.space_id, NEW.starts_at, NEW.ends_at, NEW.series_id, NEW.actual_participants)
)
EXECUTE FUNCTION facilities_booking_booked_day();
"""

# The bookings as they stand when the triggers start.
FILL_BOOKED_DAYS = """
INSERT INTO facilities_bookedday (space_id, day, booked, turns, turns_used)
SELECT
    space_id,
    (starts_at AT TIME ZONE 'Europe/Helsinki')::date,
    SUM(ends_at - starts_at),
    COUNT(*) FILTER (WHERE series_id IS NOT NULL),
    COUNT(*) FILTER (WHERE series_id IS NOT NULL AND actual_participants > 0)
FROM facilities_booking
WHERE status = 'confirmed'
GROUP BY 1, 2;
"""

DROP_BOOKED_DAY_FUNCTIONS = """
DROP TRIGGER booked_day_change ON facilities_booking;
DROP TRIGGER booked_day ON facilities_booking;
DROP FUNCTION facilities_booking_booked_day();
DROP FUNCTION facilities_booked_day_add(bigint, timestamptz, timestamptz, bigint, integer, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0005_booking_association_end"),
    ]

    operations = [
        migrations.CreateModel(
            name="BookedDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("booked", models.DurationField(default=datetime.timedelta)),
                ("turns", models.IntegerField(default=0)),
                ("turns_used", models.IntegerField(default=0)),
                (
                    "space",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="facilities.space",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("day", "space"), name="booked_day_unique")
                ],
            },
        ),
        migrations.RunSQL(BOOKED_DAY_FUNCTIONS, DROP_BOOKED_DAY_FUNCTIONS),
        migrations.RunSQL(FILL_BOOKED_DAYS, migrations.RunSQL.noop),
    ]
