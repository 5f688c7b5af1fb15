"""Template tags of the input rounds for the home page and the dashboard."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from organizations.models import Association
from portal import roles
from portal.database import CompiledStatements
from portal.tally import WAITING
from wellbeing.models import InputAnswer, InputRound
from wellbeing.permissions import can_manage_rounds
from wellbeing.services import PUBLIC_VERSION

register = template.Library()

# The home page's figures, with SQL compiled once per worker: putting a queryset together
# cost more than its query (portal.database.CompiledStatements).
HUB = CompiledStatements(size=8, prepared=True)
# The dashboard's, per number of rounds and associations (also wellbeing_followup's).
DASHBOARD = CompiledStatements(size=64, prepared=True)


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


def _open_rounds(today):
    return InputRound.objects.open_now(today).only("pk", "title", "year", "deadline")


def represented(association_ids):
    """The associations by name, with what the dashboard's rows show of them."""
    return (
        Association.objects.filter(pk__in=association_ids)
        .only("pk", "name", "slug")
        .order_by("name")
    )


def _answers(round_ids, association_ids):
    return InputAnswer.objects.filter(round__in=round_ids, association_id__in=association_ids).only(
        "pk", "round_id", "association_id", "status", "submitted_at"
    )


def each_open_with_answers(user, kind: str, open_on, answers_of, owner: str) -> list[tuple]:
    """(item, association, answer or None) for each item open today (`open_on(today)`) and
    each association the user represents, the answers read by `answers_of(item ids,
    association ids)` and matched by their `owner` field; three queries at most, each
    compiled once per worker and number of items and associations."""
    association_ids = roles.represented_association_ids(user)
    if not association_ids:
        return []
    items = DASHBOARD.objects(("open", kind), open_on, timezone.localdate())
    if not items:
        return []
    associations = DASHBOARD.objects("associations", represented, association_ids)
    answers = {
        (getattr(answer, owner), answer.association_id): answer
        for answer in DASHBOARD.objects(
            ("answers", kind), answers_of, [item.pk for item in items], association_ids
        )
    }
    return [
        (item, association, answers.get((item.pk, association.pk)))
        for item in items
        for association in associations
    ]


@register.simple_tag
def my_input_rounds(user):
    """(round, association, answer or None) for each open round and association the user
    represents."""
    return each_open_with_answers(user, "rounds", _open_rounds, _answers, "round_id")


OPEN_ROUNDS = WAITING.count(
    "open input rounds",
    lambda: InputRound.objects.filter(status=InputRound.Status.OPEN),
    shown_to=can_manage_rounds,
)


@register.simple_tag(takes_context=True)
def officer_round_counts(context):
    """How many rounds are open, for the officer's links; None for others."""
    open_rounds = OPEN_ROUNDS.read(context.request)
    return None if open_rounds is None else {"open": open_rounds}
