"""The seven marks of an NGO-friendly municipality (DOMAIN.md) as headline figures of a year.

Where the portal's own data tell how a mark was met, the figure is computed from them and the
page says so; where they cannot, the liaison officer enters a figure (MarkFigure) and the page
says who entered it and when. The officer may also comment on a computed mark. Other apps never
import wellbeing, so this module may import theirs. One query per computed figure.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wellbeing.models import MARKS, MarkFigure, SurveyAnswer


@dataclass
class Mark:
    """One mark in one year: its figures, and where they come from."""

    number: int
    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""
    entered: MarkFigure | None = None

    @property
    def is_computed(self) -> bool:
        return bool(self.source)

    @property
    def has_figure(self) -> bool:
        return bool(self.figures) or self.entered is not None


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _liaison_and_evenings(year: int) -> list[tuple[str, str]]:
    from events.models import Evening
    from portal.models import LiaisonRole

    first, last = _year_bounds(year)
    role = LiaisonRole.objects.only("pk").first()
    held = Evening.objects.public().filter(
        starts_at__gte=first, starts_at__lt=last, starts_at__lte=timezone.now()
    )
    counts = held.aggregate(
        evenings=Count("pk", filter=Q(sector="")), thematic=Count("pk", filter=~Q(sector=""))
    )
    return [
        (_("Liaison officer's role published"), _("yes") if role else _("no")),
        (_("Association evenings held"), _number(counts["evenings"])),
        (_("Thematic meetings held"), _number(counts["thematic"])),
    ]


def _premises(year: int) -> list[tuple[str, str]]:
    from facilities.models import Booking

    first, last = _year_bounds(year)
    figures = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, starts_at__gte=first, starts_at__lt=last
    ).aggregate(
        bookings=Count("pk"),
        associations=Count("association", distinct=True),
        duration=Sum(
            ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
        ),
    )
    hours = (figures["duration"] or timedelta()).total_seconds() / 3600
    return [
        (_("Free bookings"), _number(figures["bookings"])),
        (_("Hours booked"), _number(round(hours))),
        (_("Associations that booked"), _number(figures["associations"])),
    ]


def _grants(year: int) -> list[tuple[str, str]]:
    from grants.models import Payment

    figures = Payment.objects.filter(status=Payment.Status.PAID, paid_on__year=year).aggregate(
        paid=Sum("amount"),
        associations=Count("decision__application__association", distinct=True),
    )
    return [
        (_("Grants paid (€)"), _number(round(figures["paid"] or 0))),
        (_("Associations paid a grant"), _number(figures["associations"])),
    ]


def _equal_partner(year: int) -> list[tuple[str, str]]:
    """The survey's "equal partner" question: its mean, when at least five answered."""
    from wellbeing.followup_services import ANONYMITY_THRESHOLD

    figures = SurveyAnswer.objects.filter(
        response__survey__year=year,
        response__submitted_at__isnull=False,
        question__code="equal_partner",
    ).aggregate(answers=Count("pk"), scored=Count("score"), total=Sum("score"))
    if figures["answers"] < ANONYMITY_THRESHOLD or not figures["scored"]:
        return []
    mean = figures["total"] / figures["scored"]
    return [
        (
            _("Associations' view, mean on a scale of 1–5"),
            number_format(round(mean, 1), decimal_pos=1),
        ),
        (_("Associations that answered"), _number(figures["answers"])),
    ]


def _input(year: int) -> list[tuple[str, str]]:
    """Associations whose experience fed the year's wellbeing report."""
    from wellbeing.models import InputAnswer

    count = (
        InputAnswer.objects.filter(round__year=year, status=InputAnswer.Status.SUBMITTED)
        .values("association_id")
        .distinct()
        .count()
    )
    if not count:
        return []
    return [(_("Associations that gave input to the wellbeing report"), _number(count))]


def _communication(year: int) -> list[tuple[str, str]]:
    from events.reports import held_events
    from organizations.models import Association

    events = held_events(date(year, 1, 1), date(year, 12, 31)).count()
    # "Up to date": the register entry was changed or checked during the past twelve months.
    _first, last = _year_bounds(year)
    end = min(last, timezone.now())
    register = Association.objects.listed().aggregate(
        listed=Count("pk"),
        current=Count(
            "pk",
            filter=Q(updated_at__gte=end - timedelta(days=365))
            | Q(verified_at__gte=end - timedelta(days=365)),
        ),
    )
    share = round(register["current"] * 100 / register["listed"]) if register["listed"] else 0
    return [
        (_("Public events in the calendar"), _number(events)),
        (_("Associations in the register"), _number(register["listed"])),
        # xgettext:no-python-format
        (_("Register entries updated within a year (%)"), _number(share)),
    ]


# The marks the portal can compute, with the words that say where the figures come from.
COMPUTED = {
    2: (_equal_partner, gettext_lazy("the association survey")),
    3: (
        _liaison_and_evenings,
        gettext_lazy("the liaison officer's published role and the evenings held"),
    ),
    4: (_premises, gettext_lazy("bookings in the portal")),
    5: (_grants, gettext_lazy("grant payments in the portal")),
    6: (_input, gettext_lazy("the associations' input to the wellbeing report")),
    7: (_communication, gettext_lazy("the event calendar and the association register")),
}


def marks_for(year: int) -> list[Mark]:
    """The seven marks of a year, in order; about ten queries, whatever the data's size."""
    entered = {
        row.mark: row for row in MarkFigure.objects.filter(year=year).select_related("entered_by")
    }
    marks = []
    for number, title in MARKS.items():
        mark = Mark(number=number, title=str(title), entered=entered.get(number))
        if number in COMPUTED:
            compute, source = COMPUTED[number]
            mark.figures = compute(year)
            if mark.figures:
                mark.source = str(source)
        marks.append(mark)
    return marks


# The marks read other apps' data, and not every change there bumps a version this module knows:
# cached copies are kept this long at most.
MARKS_CACHE_SECONDS = 300


def _versions() -> str:
    """The data versions of the apps the marks read; a change in any of them makes them stale."""
    from events.caching import VERSION as EVENTS
    from facilities.caching import VERSION as FACILITIES
    from organizations.services import register_version
    from wellbeing.followup_services import followup_version
    from wellbeing.services import PUBLIC_VERSION

    return "-".join(
        str(version)
        for version in (
            followup_version.current(),
            PUBLIC_VERSION.current(),
            EVENTS.current(),
            FACILITIES.current(),
            register_version(),
        )
    )


def cached_marks_for(year: int) -> list[Mark]:
    """marks_for(year) from the cache, per language (the figures are formatted words)."""
    key = f"wellbeing:marks:{year}:{translation.get_language()}:{_versions()}"
    result = cache.get(key)
    if result is None:
        result = marks_for(year)
        cache.set(key, result, MARKS_CACHE_SECONDS)
    return result
