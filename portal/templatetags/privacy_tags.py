from django import template

from portal import roles
from portal.models import ErasureRequest
from portal.tally import WAITING

register = template.Library()

ERASURE_REQUESTS = WAITING.count(
    "erasure requests",
    lambda: ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING),
    shown_to=roles.is_liaison_officer,
)


@register.simple_tag(takes_context=True)
def pending_erasure_request_count(context) -> int | None:
    """Requests to be removed, waiting for the liaison officer; None for anyone else."""
    return ERASURE_REQUESTS.read(context.request)
