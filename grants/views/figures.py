"""The comparable figures from the use reports, per sector and year."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from grants import permissions
from grants.reports import figures_by_sector_and_year


@login_required
def figures(request):
    """Participants, volunteer hours, euros and municipal share per sector and year."""
    if not permissions.can_view_figures(request.user):
        raise PermissionDenied
    rows = figures_by_sector_and_year()
    return render(
        request,
        "grants/figures.html",
        {
            "rows": rows,
            "max_granted": max((row.granted for row in rows), default=0) or 1,
            "max_participants": max((row.participants for row in rows), default=0) or 1,
        },
    )
