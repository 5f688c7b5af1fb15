"""The associations with public events, counted by triggers in the same transaction as each
change to an event or to its organisers."""

import django.db.models.deletion
from django.db import migrations, models


# An event is public as events.models.PUBLIC says: published, or cancelled after it was.
TRIGGERS = """
CREATE FUNCTION events_is_public(status text, published_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT status = 'published' OR (status = 'cancelled' AND published_at IS NOT NULL);
$$;

-- A row per association while it organises a public event; it goes when the count reaches 0.
CREATE FUNCTION events_public_organiser_add(association bigint, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF delta > 0 THEN
        INSERT INTO events_publicorganiser (association_id, events) VALUES (association, delta)
        ON CONFLICT (association_id)
        DO UPDATE SET events = events_publicorganiser.events + EXCLUDED.events;
    ELSE
        DELETE FROM events_publicorganiser
        WHERE association_id = association AND events + delta <= 0;
        IF NOT FOUND THEN
            UPDATE events_publicorganiser SET events = events + delta
            WHERE association_id = association;
        END IF;
    END IF;
END;
$$;

-- An event that becomes public, or stops being public, counts for each of its organisers.
CREATE FUNCTION events_event_public_organisers() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_public boolean := TG_OP <> 'INSERT' AND events_is_public(OLD.status, OLD.published_at);
    is_public boolean := TG_OP <> 'DELETE' AND events_is_public(NEW.status, NEW.published_at);
BEGIN
    IF was_public AND NOT is_public THEN
        PERFORM events_public_organiser_add(association_id, -1)
        FROM events_event_organisers WHERE event_id = OLD.id;
    ELSIF is_public AND NOT was_public THEN
        PERFORM events_public_organiser_add(association_id, 1)
        FROM events_event_organisers WHERE event_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

-- An organiser added to or taken from a public event.
CREATE FUNCTION events_link_public_organisers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM events_public_organiser_add(OLD.association_id, -1)
        FROM events_event
        WHERE id = OLD.event_id AND events_is_public(status, published_at);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM events_public_organiser_add(NEW.association_id, 1)
        FROM events_event
        WHERE id = NEW.event_id AND events_is_public(status, published_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER public_organisers
AFTER INSERT OR DELETE OR UPDATE OF status, published_at ON events_event
FOR EACH ROW EXECUTE FUNCTION events_event_public_organisers();

CREATE TRIGGER public_organisers
AFTER INSERT OR DELETE OR UPDATE ON events_event_organisers
FOR EACH ROW EXECUTE FUNCTION events_link_public_organisers();

-- The calendar as it stands when the triggers start.
INSERT INTO events_publicorganiser (association_id, events)
SELECT link.association_id, count(*)
FROM events_event_organisers link
JOIN events_event event ON event.id = link.event_id
WHERE events_is_public(event.status, event.published_at)
GROUP BY link.association_id;

-- A new table has no statistics yet: the planner would guess thousands of rows.
ANALYZE events_publicorganiser;
"""

DROP_TRIGGERS = """
DROP TRIGGER public_organisers ON events_event_organisers;
DROP TRIGGER public_organisers ON events_event;
DROP FUNCTION events_link_public_organisers();
DROP FUNCTION events_event_public_organisers();
DROP FUNCTION events_public_organiser_add(bigint, integer);
DROP FUNCTION events_is_public(text, timestamptz);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_public_category_index'),
        ('organizations', '0010_register_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicOrganiser',
            fields=[
                ('association', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='organizations.association')),
                ('events', models.PositiveIntegerField()),
            ],
            options={
                'verbose_name': 'organiser of public events',
                'verbose_name_plural': 'organisers of public events',
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
