"""Pages anyone can read: the open and upcoming rounds."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from grants import permissions
from grants.models import AssessmentCriterion, GrantRound
from portal import roles


def round_list(request):
    """Open and upcoming rounds, the open ones first."""
    now = timezone.now()
    rounds = list(
        GrantRound.objects.open_or_upcoming(now)
        .select_related("programme__contact_official")
        .order_by("closes_at", "title")
    )
    return render(
        request,
        "grants/grantround_list.html",
        {
            "open_rounds": [r for r in rounds if r.is_open(now)],
            "upcoming_rounds": [r for r in rounds if r.is_upcoming(now)],
        },
    )


def round_detail(request, pk):
    """Instructions, criteria with weights, eligibility and the contact official of a round."""
    grant_round = get_object_or_404(
        GrantRound.objects.published()
        .select_related("programme__contact_official")
        .prefetch_related(
            Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("order", "pk"))
        ),
        pk=pk,
    )
    represented = roles.represented_association_ids(request.user)
    return render(
        request,
        "grants/grantround_detail.html",
        {
            "grant_round": grant_round,
            "can_apply": bool(represented) and grant_round.is_open(),
            "can_review": permissions.can_see_round_applications(request.user, grant_round),
            "my_applications": grant_round.applications.filter(
                association_id__in=represented
            ).select_related("association"),
        },
    )
