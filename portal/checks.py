import os

from django.core.checks import Tags, Warning, register


@register(Tags.database, deploy=True)
def database_is_configured(app_configs, **kwargs):
    """Production data belongs on a managed server, not in the embedded development database."""
    if os.environ.get("DATABASE_URL"):
        return []
    return [
        Warning(
            "DATABASE_URL is not set, so the embedded development database is in use.",
            hint="Point DATABASE_URL at the production PostgreSQL server.",
            id="portal.W001",
        )
    ]
