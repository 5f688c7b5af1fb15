"""Template tags of the input rounds for the home page and the dashboard."""

from django import template
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from organizations.models import Association
from portal import roles
from portal.database import CompiledStatements
from wellbeing.models import InputAnswer, InputRound
from wellbeing.permissions import can_manage_rounds
from wellbeing.services import PUBLIC_VERSION

register = template.Library()

# The home page's figures, with SQL compiled once per worker: putting a queryset together
# cost more than its query (portal.database.CompiledStatements).
HUB = CompiledStatements(size=8)


@register.simple_tag
def open_input_rounds():
    """The rounds taking answers today, for the home page; cached until the rounds change."""
    today = timezone.localdate()
    key = f"wellbeing:open-rounds:{PUBLIC_VERSION.current()}:{today.isoformat()}"
    return cache.get_or_set(
        key,
        lambda: [
            {"pk": found.pk, "title": found.title, "year": found.year, "deadline": found.deadline}
            for found in HUB.instances(
                today,
                lambda: InputRound.objects.open_now(today).only("title", "year", "deadline"),
                InputRound,
            )
        ],
        timeout=600,
    )


@register.simple_tag
def my_input_rounds(user):
    """(round, association, answer or None) for each open round and association the user
    represents; three queries at most."""
    association_ids = roles.represented_association_ids(user)
    if not association_ids:
        return []
    rounds = list(InputRound.objects.open_now().only("pk", "title", "year", "deadline"))
    if not rounds:
        return []
    associations = list(
        Association.objects.filter(pk__in=association_ids).only("pk", "name").order_by("name")
    )
    answers = {
        (answer.round_id, answer.association_id): answer
        for answer in InputAnswer.objects.filter(
            round__in=rounds, association_id__in=association_ids
        ).only("pk", "round_id", "association_id", "status", "submitted_at")
    }
    return [
        (input_round, association, answers.get((input_round.pk, association.pk)))
        for input_round in rounds
        for association in associations
    ]


@register.simple_tag
def officer_round_counts(user):
    """How many rounds are open and in draft, for the officer's links; None for others."""
    if not can_manage_rounds(user):
        return None
    return InputRound.objects.aggregate(
        open=Count("pk", filter=Q(status=InputRound.Status.OPEN)),
        draft=Count("pk", filter=Q(status=InputRound.Status.DRAFT)),
    )
