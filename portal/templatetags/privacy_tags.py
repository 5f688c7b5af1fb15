from django import template

from portal.database import CompiledStatements
from portal.models import ErasureRequest

register = template.Library()

# The officer's dashboard's count, compiled once per worker (portal.database.CompiledStatements).
DASHBOARD = CompiledStatements(size=1, prepared=True)


@register.simple_tag
def pending_erasure_request_count() -> int:
    return DASHBOARD.count(
        "pending", lambda: ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING)
    )
