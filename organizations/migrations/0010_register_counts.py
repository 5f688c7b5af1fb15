"""The whole register's counts, kept by triggers in the same transaction as each change."""

from django.db import migrations, models

COUNT_FUNCTIONS = """
CREATE FUNCTION organizations_register_count_add(facet text, value text, delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO organizations_registercount (facet, value, count) VALUES (facet, value, delta)
    ON CONFLICT (facet, value)
    DO UPDATE SET count = organizations_registercount.count + EXCLUDED.count;
$$;

-- An association counts while it is listed: in the total, once per language of activity, and
-- once per category and target group it is linked to.
CREATE FUNCTION organizations_association_register_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_listed boolean := TG_OP <> 'INSERT' AND OLD.is_listed;
    is_listed boolean := TG_OP <> 'DELETE' AND NEW.is_listed;
BEGIN
    IF was_listed THEN
        PERFORM organizations_register_count_add('total', '', -1);
        PERFORM organizations_register_count_add('language', code, -1)
        FROM (SELECT DISTINCT unnest(COALESCE(OLD.languages, '{}')) AS code) AS codes;
        IF NOT is_listed THEN
            PERFORM organizations_register_count_add('category', category_id::text, -1)
            FROM organizations_association_categories WHERE association_id = OLD.id;
            PERFORM organizations_register_count_add('target_group', targetgroup_id::text, -1)
            FROM organizations_association_target_groups WHERE association_id = OLD.id;
        END IF;
    END IF;
    IF is_listed THEN
        PERFORM organizations_register_count_add('total', '', 1);
        PERFORM organizations_register_count_add('language', code, 1)
        FROM (SELECT DISTINCT unnest(COALESCE(NEW.languages, '{}')) AS code) AS codes;
        IF NOT was_listed THEN
            PERFORM organizations_register_count_add('category', category_id::text, 1)
            FROM organizations_association_categories WHERE association_id = NEW.id;
            PERFORM organizations_register_count_add('target_group', targetgroup_id::text, 1)
            FROM organizations_association_target_groups WHERE association_id = NEW.id;
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- A link counts while its association is listed. TG_ARGV: the facet, the linked column.
CREATE FUNCTION organizations_link_register_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM organizations_register_count_add(TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], -1)
        FROM organizations_association
        WHERE id = OLD.association_id AND is_listed;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM organizations_register_count_add(TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1], 1)
        FROM organizations_association
        WHERE id = NEW.association_id AND is_listed;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER register_count
AFTER INSERT OR DELETE OR UPDATE OF is_listed, languages ON organizations_association
FOR EACH ROW EXECUTE FUNCTION organizations_association_register_count();

CREATE TRIGGER register_count
AFTER INSERT OR DELETE OR UPDATE ON organizations_association_categories
FOR EACH ROW EXECUTE FUNCTION organizations_link_register_count('category', 'category_id');

CREATE TRIGGER register_count
AFTER INSERT OR DELETE OR UPDATE ON organizations_association_target_groups
FOR EACH ROW EXECUTE FUNCTION organizations_link_register_count('target_group', 'targetgroup_id');

-- The register as it stands when the triggers start.
INSERT INTO organizations_registercount (facet, value, count)
SELECT 'total', '', COUNT(*) FROM organizations_association WHERE is_listed
UNION ALL
SELECT 'category', link.category_id::text, COUNT(*)
FROM organizations_association_categories link
JOIN organizations_association association ON association.id = link.association_id
WHERE association.is_listed
GROUP BY link.category_id
UNION ALL
SELECT 'target_group', link.targetgroup_id::text, COUNT(*)
FROM organizations_association_target_groups link
JOIN organizations_association association ON association.id = link.association_id
WHERE association.is_listed
GROUP BY link.targetgroup_id
UNION ALL
SELECT 'language', code, COUNT(DISTINCT association.id)
FROM organizations_association association, unnest(association.languages) AS code
WHERE association.is_listed
GROUP BY code;
"""

DROP_COUNT_FUNCTIONS = """
DROP TRIGGER register_count ON organizations_association_target_groups;
DROP TRIGGER register_count ON organizations_association_categories;
DROP TRIGGER register_count ON organizations_association;
DROP FUNCTION organizations_link_register_count();
DROP FUNCTION organizations_association_register_count();
DROP FUNCTION organizations_register_count_add(text, text, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0009_register_count_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "facet",
                    models.CharField(
                        choices=[
                            ("total", "total"),
                            ("category", "category"),
                            ("target_group", "target group"),
                            ("language", "language of activity"),
                        ],
                        max_length=20,
                    ),
                ),
                ("value", models.CharField(blank=True, max_length=20)),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("facet", "value"), name="register_count_unique")
                ],
            },
        ),
        migrations.RunSQL(COUNT_FUNCTIONS, DROP_COUNT_FUNCTIONS),
    ]
