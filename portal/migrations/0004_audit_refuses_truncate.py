from django.db import migrations

REFUSE_TRUNCATE = """
CREATE FUNCTION portal_auditevent_refuses_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER portal_auditevent_refuses_truncate
    BEFORE TRUNCATE ON portal_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION portal_auditevent_refuses_truncate();
"""

DROP = """
DROP TRIGGER portal_auditevent_refuses_truncate ON portal_auditevent;
DROP FUNCTION portal_auditevent_refuses_truncate();
"""


class Migration(migrations.Migration):
    """Emptying the audit log in one statement is refused as well as changing its rows."""

    dependencies = [("portal", "0003_history_in_every_language")]

    operations = [migrations.RunSQL(REFUSE_TRUNCATE, DROP)]
