"""The public wellbeing pages: the index and the published summaries of closed rounds."""

from django.http import Http404
from django.shortcuts import render

from portal.caching import cached_for_anonymous
from wellbeing import permissions, services
from wellbeing.models import InputRound

PAGE_SECONDS = 60
cached = cached_for_anonymous(services.PUBLIC_VERSION, "wellbeing", PAGE_SECONDS)


@cached
def index(request):
    """The published summaries of the input rounds, and the open round if there is one."""
    return render(
        request,
        "wellbeing/index.html",
        {
            "published": list(
                InputRound.objects.published().only("pk", "year", "title", "published_at", "status")
            ),
            "open_rounds": list(
                InputRound.objects.open_now().only("pk", "year", "title", "deadline")
            ),
            "can_manage": permissions.can_manage_rounds(request.user),
            "can_read": permissions.can_read_answers(request.user),
        },
    )


@cached
def round_summary(request, pk):
    """What the associations' input became; before publishing, a preview for the readers."""
    input_round = services.round_by_pk(pk, with_themes=True)
    if input_round is None:
        raise Http404
    is_published = input_round.status == InputRound.Status.PUBLISHED
    if not is_published and not (
        permissions.can_read_answers(request.user) and input_round.status != InputRound.Status.DRAFT
    ):
        raise Http404
    return render(
        request,
        "wellbeing/round_summary.html",
        {
            "round": input_round,
            "is_preview": not is_published,
            "figures": services.round_figures(input_round),
            "quotations": services.approved_quotations(input_round),
            "can_manage": permissions.can_manage_rounds(request.user),
        },
    )
