"""The council's reports: the liaison officer previews and publishes; the council reads.

A report is built in the background and stored (portal.council). Opening a report's page
checks, at most once a minute, whether its data changed; meanwhile the last finished version
is served, and the page tells how far the update is.
"""

from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit, council
from portal.models import CouncilReport
from portal.permissions import can_publish_council_reports, can_read_council_summaries


def _readable_versions(user, kind: str, key: str):
    """Council members read what was published; the officer sees every finished version.

    Each language has its own versions; the page lists those in the reader's language.
    """
    versions = CouncilReport.objects.filter(kind=kind, subject=key, language=get_language()).defer(
        "html"
    )
    if can_publish_council_reports(user):
        return versions.filter(status=CouncilReport.Status.READY)
    return versions.filter(published_at__isnull=False)


@login_required
def council_summary(request):
    """The reports there are: one per year with data, and one per decided grant round."""
    if not can_read_council_summaries(request.user):
        raise PermissionDenied
    kinds = [(kind.label, kind.kind, kind.subjects()) for kind in council.KINDS.values()]
    return render(request, "portal/council/index.html", {"kinds": kinds})


@login_required
def council_report(request, kind: str, key: str):
    """One report: its versions, and for the officer its state, preview and publishing."""
    if not can_read_council_summaries(request.user):
        raise PermissionDenied
    title = council.subject_title(kind, key)
    if title is None:
        raise Http404(_("There is no such report."))
    is_officer = can_publish_council_reports(request.user)
    newest = None
    if is_officer:
        if request.GET.get("status"):
            newest = council.newest(kind, key, get_language())
            return JsonResponse(
                {
                    "status": newest.status if newest else CouncilReport.Status.BUILDING,
                    "progress": newest.progress if newest else 0,
                }
            )
        # Every language's version follows the data; only a change costs a new PDF.
        for language, _name in settings.LANGUAGES:
            report = council.refresh_if_due(kind, key, language)
            if language == get_language():
                newest = report
    versions = list(_readable_versions(request.user, kind, key).order_by("-requested_at"))
    for version in versions:
        version.file_link = council.file_link(version)
    return render(
        request,
        "portal/council/report_detail.html",
        {
            "kind": kind,
            "key": key,
            "title": title,
            "is_officer": is_officer,
            "newest": newest,
            "versions": versions,
        },
    )


# A report is one self-contained document, styled by its own <style> element as in its PDF.
report_styles = csp_update({"style-src": ["'unsafe-inline'"]})


@login_required
@report_styles  # type: ignore[arg-type]  # typed for views without arguments
def council_report_preview(request, kind: str, key: str):
    """The officer's preview: the report as it would be built now, as a web page."""
    if not can_publish_council_reports(request.user):
        raise PermissionDenied
    if council.subject_title(kind, key) is None:
        raise Http404(_("There is no such report."))
    return HttpResponse(council.render_html(council.report_context(kind, key), for_print=False))


@login_required
@require_POST
def council_report_publish(request, pk: int):
    """Publish a finished version to the council; earlier published versions stay readable."""
    if not can_publish_council_reports(request.user):
        raise PermissionDenied
    with transaction.atomic():
        report = get_object_or_404(
            CouncilReport.objects.select_for_update(),
            pk=pk,
            status=CouncilReport.Status.READY,
        )
        if report.published_at is None:
            report.published_at = timezone.now()
            report.published_by = request.user
            report.save(update_fields=["published_at", "published_by"])
            audit.record(
                actor=request.user, action="portal.council_report_published", target=report
            )
            messages.success(request, _("The version was published to the council."))
    return redirect("portal:council_report", kind=report.kind, key=report.subject)


def _version_for(request, pk: int) -> CouncilReport:
    if not can_read_council_summaries(request.user):
        raise PermissionDenied
    report = get_object_or_404(CouncilReport, pk=pk, status=CouncilReport.Status.READY)
    if report.published_at is None and not can_publish_council_reports(request.user):
        raise Http404(_("There is no such report."))
    return report


@login_required
def council_report_pdf(request, pk: int):
    """A stored version as PDF, served as it is: no rendering in the request."""
    report = _version_for(request, pk)
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{report.kind}-{report.subject}-{report.language}-{report.pk}.pdf"'
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


def council_report_file(request, token: str):
    """A version's PDF through the signed link its report's page gave (council.file_link).

    Neither the session nor the database is read: the link is the right to the file for an
    hour. An older link goes to the version's own address, which checks the reader again.
    """
    try:
        pk, name = council.read_file_link(token)
    except signing.BadSignature:
        raise Http404(_("There is no such report.")) from None
    if name is None:
        return redirect("portal:council_report_pdf", pk=pk)
    storage = CouncilReport._meta.get_field("pdf").storage
    try:
        file = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404(_("There is no such report.")) from None
    response = FileResponse(file, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{Path(name).name}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@report_styles  # type: ignore[arg-type]
def council_report_html(request, pk: int):
    """A stored version as a web page, for screen readers and small screens."""
    report = _version_for(request, pk)
    return HttpResponse(report.html)
