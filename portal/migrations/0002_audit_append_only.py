from django.db import migrations

APPEND_ONLY = """
CREATE FUNCTION portal_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER portal_auditevent_append_only
    BEFORE UPDATE OR DELETE ON portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION portal_auditevent_append_only();
"""

DROP = """
DROP TRIGGER portal_auditevent_append_only ON portal_auditevent;
DROP FUNCTION portal_auditevent_append_only();
"""


class Migration(migrations.Migration):
    """The audit log can be added to, never changed: the database itself says no."""

    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunSQL(APPEND_ONLY, DROP)]
