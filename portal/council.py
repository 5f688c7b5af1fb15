"""Reports for the council: the annual report on the cooperation with associations, and the
reports on one grant round, one season's allocation of premises or one wellbeing input round.

Each part of the portal writes its sections in its own reports.py; this module gathers them,
builds the stored versions in a Celery task (WeasyPrint never runs in a request), and tells
whether the newest version still matches the data. A version's fingerprint is a hash of its
sections' HTML, so a version is current exactly when rendering the sections again gives the same
text; the check costs the sections' queries, never a PDF.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from portal.models import CouncilReport

# A reader's visit checks the data again at most this often.
CHECK_INTERVAL = timedelta(minutes=1)
# A build that has not finished in this time has died with its worker; the next visit restarts it.
BUILD_TIMEOUT = timedelta(minutes=10)
# A report's page hands out each version's PDF as a signed link too: a tablet's PDF reader or a
# download manager opens it without the session, and serving it needs no database. An older
# link leads to the version's own address, where the reader's rights are checked again.
FILE_LINK_SALT = "portal.council.file"
FILE_LINK_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class Section:
    """One part of a report: an anchor for the table of contents, a title and its HTML."""

    anchor: str
    title: str
    html: str


@dataclass(frozen=True)
class Subject:
    """What a report is about: a year, a grant round, a season or an input round."""

    kind: str
    key: str
    title: str


@dataclass(frozen=True)
class ReportKind:
    kind: str
    label: object
    # The subjects that have data, newest first.
    subjects: Callable[[], list[Subject]]
    title: Callable[[str], str | None]
    sections: Callable[[str], list[Section]]


def _annual_years() -> list[int]:
    from events.reports import years_with_data as event_years
    from facilities.reports import years_with_data as booking_years
    from grants.reports import years_with_data as grant_years
    from organizations.reports import years_with_data as register_years
    from wellbeing.reports import years_with_data as wellbeing_years

    this_year = timezone.localdate().year
    years = register_years() | grant_years() | booking_years() | event_years() | wellbeing_years()
    return sorted((year for year in years if year <= this_year), reverse=True)


def _annual_title(key: str) -> str | None:
    if int(key) not in _annual_years():
        return None
    return _("Cooperation with associations %(year)s") % {"year": key}


def _annual_sections(key: str) -> list[Section]:
    """The annual report's sections, the seven marks and the follow-up first."""
    from communication.reports import annual_section as communication_section
    from events.reports import annual_section as events_section
    from facilities.reports import annual_section as premises_section
    from facilities.reports import season_sections_of_year
    from grants.reports import annual_section as grants_section
    from organizations.reports import annual_section as register_section
    from volunteering.reports import annual_section as volunteering_section
    from wellbeing.reports import followup_section, input_rounds_section

    year = int(key)
    return [
        followup_section(year),
        register_section(year),
        grants_section(year),
        premises_section(year),
        *season_sections_of_year(year),
        events_section(year),
        input_rounds_section(year),
        volunteering_section(year),
        communication_section(year),
    ]


def _topic_kind(kind: str, label, subjects: str, sections: str) -> ReportKind:
    """A report on one round or season. `subjects` names the app's function that returns the
    rounds a report may be about, `sections` the one that gives a round's sections."""

    def rounds():
        return import_string(subjects)()

    def title(key: str) -> str | None:
        subject = rounds().filter(pk=int(key)).first()
        return str(subject) if subject else None

    return ReportKind(
        kind=kind,
        label=label,
        subjects=lambda: [Subject(kind, str(subject.pk), str(subject)) for subject in rounds()],
        title=title,
        sections=lambda key: import_string(sections)(int(key)),
    )


KINDS: dict[str, ReportKind] = {
    kind.kind: kind
    for kind in [
        ReportKind(
            kind="annual",
            label=gettext_lazy("Annual reports on the cooperation with associations"),
            subjects=lambda: [
                Subject("annual", str(year), _annual_title(str(year)) or "")
                for year in _annual_years()
            ],
            title=_annual_title,
            sections=_annual_sections,
        ),
        _topic_kind(
            "grant_round",
            gettext_lazy("Grant rounds' decisions"),
            "grants.reports.rounds_with_decisions",
            "grants.reports.round_sections",
        ),
        _topic_kind(
            "season",
            gettext_lazy("Seasons' allocation of premises"),
            "facilities.reports.season_rounds_for_council",
            "facilities.reports.season_sections",
        ),
        _topic_kind(
            "wellbeing_round",
            gettext_lazy("Input rounds for the wellbeing report"),
            "wellbeing.reports.rounds_for_council",
            "wellbeing.reports.round_sections",
        ),
    ]
}


def subject_title(kind: str, key: str) -> str | None:
    """The report's title, or None when there is no such report (no data, no such round)."""
    report_kind = KINDS.get(kind)
    if report_kind is None or not key.isdigit() or len(key) > 10:
        return None
    return report_kind.title(key)


def report_context(kind: str, key: str) -> dict:
    """Everything the report's template shows, in the active language."""
    sections = KINDS[kind].sections(key)
    return {
        "municipality": settings.MUNICIPALITY_NAME,
        "title": subject_title(kind, key),
        "sections": sections,
        "made_on": timezone.localdate(),
        "logo": settings.MUNICIPALITY_LOGO,
    }


def fingerprint(sections: list[Section]) -> str:
    digest = hashlib.sha256()
    for section in sections:
        digest.update(section.anchor.encode())
        digest.update(section.html.encode())
    return digest.hexdigest()


def render_html(context: dict, *, for_print: bool) -> str:
    return render_to_string("portal/council/report.html", {**context, "for_print": for_print})


def render_pdf(html: str) -> bytes:
    # The logo and fonts are found through the static files' folder.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def file_link(report: CouncilReport) -> str:
    """The signed link to a finished version's PDF, for a reader who may open it now."""
    token = signing.dumps([report.pk, report.pdf.name], salt=FILE_LINK_SALT)
    return reverse("council_report_file", args=[token])


def read_file_link(token: str) -> tuple[int, str | None]:
    """The version and its file named by a link: no file when the link is too old.

    Raises signing.BadSignature for a link the portal did not make.
    """
    try:
        pk, name = signing.loads(token, salt=FILE_LINK_SALT, max_age=FILE_LINK_AGE)
    except signing.SignatureExpired:
        pk, _name = signing.loads(token, salt=FILE_LINK_SALT)
        return pk, None
    return pk, name


def newest(kind: str, key: str, language: str) -> CouncilReport | None:
    return (
        CouncilReport.objects.filter(kind=kind, subject=key, language=language)
        .order_by("-requested_at")
        .first()
    )


def refresh_if_due(kind: str, key: str, language: str) -> CouncilReport | None:
    """Queue a check of the data unless one ran or started a moment ago; the newest version."""
    report = newest(kind, key, language)
    now = timezone.now()
    if report and report.status == CouncilReport.Status.BUILDING:
        if now - report.requested_at < BUILD_TIMEOUT:
            return report
    elif report and report.checked_at and now - report.checked_at < CHECK_INTERVAL:
        return report
    from portal.tasks import build_council_report_task

    build_council_report_task.delay_on_commit(kind=kind, key=key, language=language)
    return report


def build(*, kind: str, key: str, language: str) -> CouncilReport | None:
    """Render the report again; store a new version only when its figures changed."""
    with translation.override(language):
        if subject_title(kind, key) is None:
            return None
        context = report_context(kind, key)
        print_fingerprint = fingerprint(context["sections"])
        with transaction.atomic():
            # One build of a report at a time, also when no version exists yet to lock.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    [f"council:{kind}:{key}:{language}"],
                )
            ready = (
                CouncilReport.objects.select_for_update()
                .filter(kind=kind, subject=key, language=language)
                .exclude(status=CouncilReport.Status.FAILED)
                .order_by("-requested_at")
                .first()
            )
            if (
                ready
                and ready.status == CouncilReport.Status.READY
                and ready.fingerprint == print_fingerprint
            ):
                ready.checked_at = timezone.now()
                ready.save(update_fields=["checked_at"])
                return ready
            report = CouncilReport.objects.create(
                kind=kind,
                subject=key,
                language=language,
                title=context["title"],
                fingerprint=print_fingerprint,
                status=CouncilReport.Status.BUILDING,
                progress=20,
            )
        try:
            report.html = render_html(context, for_print=False)
            CouncilReport.objects.filter(pk=report.pk).update(html=report.html, progress=40)
            pdf = render_pdf(render_html(context, for_print=True))
        except Exception:
            report.status = CouncilReport.Status.FAILED
            report.save(update_fields=["status"])
            raise
        report.pdf.save(f"{kind}-{key}-{language}-{report.pk}.pdf", ContentFile(pdf), save=False)
        report.size = len(pdf)
        report.status = CouncilReport.Status.READY
        report.progress = 100
        report.built_at = report.checked_at = timezone.now()
        report.save()
        return report
