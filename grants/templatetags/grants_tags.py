from django import template
from django.db.models import Q

from grants import permissions
from grants.dashboard import officer_work
from grants.models import GrantApplication, GrantRound
from portal import roles
from portal.database import CompiledStatements

register = template.Library()

# The dashboard's grant sections, compiled once per worker and number of associations or
# sectors (portal.database.CompiledStatements).
DASHBOARD = CompiledStatements(size=32, prepared=True)


def _applications(association_ids):
    return (
        GrantApplication.objects.filter(association_id__in=association_ids)
        .select_related("association")
        .order_by("-created_at")[:20]
    )


@register.simple_tag
def my_grant_applications(user):
    """Applications of the associations the user represents, newest first."""
    return DASHBOARD.objects("applications", _applications, roles.represented_association_ids(user))


@register.simple_tag
def may_view_grant_figures(user) -> bool:
    return permissions.can_view_figures(user)


def _reviewed(sectors, user_id):
    return (
        GrantRound.objects.filter(
            Q(programme__sector__in=sectors) | Q(reviewer_assignments__reviewer_id=user_id)
        )
        .distinct()
        .order_by("-closes_at", "title")[:20]
    )


@register.simple_tag
def reviewed_rounds(user):
    """Rounds the user reviews: in the officer's sectors or as a named reviewer."""
    if not user.is_authenticated:
        return []
    sectors = tuple(sorted(roles.officer_sectors(user)))
    return DASHBOARD.objects("reviewed", _reviewed, sectors, user.pk)


@register.simple_tag
def grant_officer_work(user):
    """The grant work waiting for the officer (grants.dashboard.officer_work); None for others."""
    return officer_work(user)
