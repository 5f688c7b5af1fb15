from django import template
from django.db.models import Q

from grants import permissions
from grants.dashboard import officer_work
from grants.models import GrantApplication, GrantRound
from portal import roles

register = template.Library()


@register.simple_tag
def my_grant_applications(user):
    """Applications of the associations the user represents, newest first."""
    return (
        GrantApplication.objects.filter(association_id__in=roles.represented_association_ids(user))
        .select_related("association")
        .order_by("-created_at")[:20]
    )


@register.simple_tag
def may_view_grant_figures(user) -> bool:
    return permissions.can_view_figures(user)


@register.simple_tag
def reviewed_rounds(user):
    """Rounds the user reviews: in the officer's sectors or as a named reviewer."""
    if not user.is_authenticated:
        return GrantRound.objects.none()
    return (
        GrantRound.objects.filter(
            Q(programme__sector__in=roles.officer_sectors(user))
            | Q(reviewer_assignments__reviewer=user)
        )
        .distinct()
        .order_by("-closes_at", "title")[:20]
    )


@register.simple_tag
def grant_officer_work(user):
    """The grant work waiting for the officer (grants.dashboard.officer_work); None for others."""
    return officer_work(user)
