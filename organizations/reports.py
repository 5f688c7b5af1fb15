"""The register as it stood at the end of a year, for the council's annual report.

The register's history (simple_history) keeps every change of an association, so the
associations listed on 31 December of any year are those whose last change before the new year
left them listed. Categories are the associations' present ones: their history is not kept.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Association, Category


def _new_year(year: int) -> datetime:
    """The first moment of the year after `year`, in the municipality's time."""
    return datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=timezone.get_current_timezone())


def listed_at_end_of(year: int) -> dict[int, bool]:
    """The associations listed in the public register on 31 December of `year`: id → verified.

    An association with no history at all (loaded in bulk, past the history) counts from its
    creation with its present state.
    """
    boundary = _new_year(year)
    last_states = (
        Association.history.filter(history_date__lt=boundary)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
        .values_list("id", "is_listed", "is_verified", "history_type")
    )
    listed = {
        pk: is_verified
        for pk, is_listed, is_verified, kind in last_states
        if is_listed and kind != "-"
    }
    without_history = (
        Association.objects.filter(is_listed=True, created_at__lt=boundary)
        .exclude(Exists(Association.history.filter(id=OuterRef("pk"))))
        .values_list("pk", "is_verified")
    )
    listed.update(without_history)
    return listed


def years_with_data() -> set[int]:
    """The years in which the register changed: a year's report has something to say."""
    changed = Association.history.annotate(year=ExtractYear("history_date"))
    created = Association.objects.annotate(year=ExtractYear("created_at"))
    return set(changed.values_list("year", flat=True).distinct()) | set(
        created.values_list("year", flat=True).distinct()
    )


@dataclass
class RegisterYear:
    year: int
    listed: int
    listed_before: int
    new: int
    ended: int
    verified: int
    by_category: list[dict]


def register_figures(year: int) -> RegisterYear:
    """The register at the end of `year` beside the end of the year before: four queries."""
    verified_by_id = listed_at_end_of(year)
    listed = set(verified_by_id)
    before = set(listed_at_end_of(year - 1))
    categories = (
        Category.objects.filter(associations__in=listed)
        .annotate(count=Count("associations"))
        .order_by("-count", "name")
    )
    uncategorised = len(listed) - len(
        set(
            Association.categories.through.objects.filter(association_id__in=listed)
            .values_list("association_id", flat=True)
            .distinct()
        )
    )
    rows = [{"label": category.name, "count": category.count} for category in categories]
    if uncategorised:
        rows.append({"label": _("No category"), "count": uncategorised})
    return RegisterYear(
        year=year,
        listed=len(listed),
        listed_before=len(before),
        new=len(listed - before),
        ended=len(before - listed),
        verified=sum(verified_by_id.values()),
        by_category=rows,
    )


def annual_section(year: int):
    """The register's section of the council's annual report."""
    from portal.council import Section

    figures = register_figures(year)
    return Section(
        anchor="register",
        title=_("Association register"),
        html=render_to_string("organizations/pdf/council_section.html", {"figures": figures}),
    )
