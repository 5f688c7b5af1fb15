"""The council's summary PDF (WeasyPrint): register, grants, premises and events in one document."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from events.reports import render_council_section as events_council_section
from facilities.reports import render_council_section
from grants.reports import council_section as grants_council_section
from organizations.models import Association, Category


def council_summary_context(year: int) -> dict:
    """The figures for the council, gathered from the apps' report modules."""
    listed = Association.objects.listed()
    return {
        "municipality": settings.MUNICIPALITY_NAME,
        "year": year,
        "made_on": timezone.localdate(),
        "associations": listed.count(),
        "verified": listed.filter(is_verified=True).count(),
        "categories": Category.objects.annotate(
            count=Count("associations", filter=Q(associations__is_listed=True))
        ).order_by("-count", "name"),
        "grants": grants_council_section(year=year),
        "facilities_html": render_council_section(date(year, 1, 1), date(year, 12, 31)),
        "events_html": events_council_section(date(year, 1, 1), date(year, 12, 31)),
    }


def render_council_summary(year: int) -> bytes:
    """The summary of one year for council members, as PDF bytes."""
    html = render_to_string("portal/pdf/council_summary.html", council_summary_context(year))
    return HTML(string=html).write_pdf()
