from django import template

from portal.models import ErasureRequest

register = template.Library()


@register.simple_tag
def pending_erasure_request_count() -> int:
    return ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).count()
