"""Figures of volunteering and sharing among associations for one year, for the council summary.

A task belongs to the year it was posted in, an answer and a request to the year they were
sent in. "Lent" counts the requests accepted, whether or not the thing has come back yet.
"""

from datetime import date, datetime, time

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from volunteering.models import Answer, Offer, ShareRequest, Task


def _year(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def council_figures(year: int) -> dict:
    """Tasks, answers, offers and requests of the year: five queries, however many rows."""
    first, last = _year(year)
    in_year = {"created_at__gte": first, "created_at__lt": last}
    tasks = Task.objects.filter(**in_year).aggregate(
        posted=Count("pk"),
        people_needed=Sum("people_needed"),
        associations=Count("association", distinct=True),
    )
    answers = Answer.objects.filter(**in_year).aggregate(
        answers=Count("pk"), accepted=Count("pk", filter=Q(status=Answer.Status.ACCEPTED))
    )
    # What was on offer at some point of the year: listed before its end.
    offers = Offer.objects.filter(created_at__lt=last)
    offered = dict(offers.values_list("kind").annotate(count=Count("pk")).order_by())
    offered_total = offers.aggregate(
        total=Count("pk"), associations=Count("association", distinct=True)
    )
    requests = ShareRequest.objects.filter(**in_year).aggregate(
        requests=Count("pk"),
        lent=Count(
            "pk",
            filter=Q(status__in=[ShareRequest.Status.ACCEPTED, ShareRequest.Status.RETURNED]),
        ),
        declined=Count("pk", filter=Q(status=ShareRequest.Status.DECLINED)),
        pending=Count("pk", filter=Q(status=ShareRequest.Status.PENDING)),
    )
    return {
        "year": year,
        "tasks_posted": tasks["posted"],
        "task_associations": tasks["associations"],
        "people_needed": tasks["people_needed"] or 0,
        "answers": answers["answers"],
        "answers_accepted": answers["accepted"],
        "offers": offered_total["total"],
        "offering_associations": offered_total["associations"],
        "offers_by_kind": [
            {"kind": value, "label": str(label), "count": offered.get(value, 0)}
            for value, label in Offer.Kind.choices
        ],
        "requests": requests["requests"],
        "lent": requests["lent"],
        "declined": requests["declined"],
        "pending": requests["pending"],
    }


def render_council_section(year: int) -> str:
    """The HTML section the council PDF includes."""
    return render_to_string(
        "volunteering/pdf/council_section.html", {"figures": council_figures(year)}
    )


def annual_section(year: int):
    """Volunteering and sharing in the council's annual report."""
    from django.utils.translation import gettext as _

    from portal.council import Section

    return Section(
        anchor="volunteering-summary",
        title=_("Volunteering and what associations share"),
        html=render_council_section(year),
    )
