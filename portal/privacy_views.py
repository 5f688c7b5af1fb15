"""A person's own data: the export, the request to be removed; the officer's erasure queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import privacy, retention
from portal.access_log import record_access
from portal.models import ErasureRequest
from portal.privacy_forms import ErasureDecisionForm, ErasureRequestForm


@login_required
def privacy_export(request):
    """Everything the portal holds on the signed-in person, as a readable page."""
    return render(
        request,
        "portal/privacy/export.html",
        {"sections": privacy.personal_data(request.user), "created_at": timezone.now()},
    )


@login_required
def privacy_export_json(request):
    """The same, as a JSON file to download."""
    response = JsonResponse(
        privacy.as_json(privacy.personal_data(request.user)),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="omat-tiedot-{stamp}.json"'
    return response


@login_required
def erasure_request(request):
    """Say what removal does and keeps, and ask the liaison officer to remove the person."""
    if not privacy.can_request_erasure(request.user):
        raise PermissionDenied
    pending = privacy.pending_erasure_request(request.user)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            privacy.request_erasure(by=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request was sent. The liaison officer will handle it.")
            )
            return redirect("portal:erasure_request")
    latest = ErasureRequest.objects.filter(user=request.user).first()
    return render(
        request,
        "portal/privacy/erasure_request.html",
        {
            "form": form,
            "pending": pending,
            "latest": latest,
            "unverified_days": retention.UNVERIFIED_ACCOUNT.days,
        },
    )


@login_required
def erasure_request_list(request):
    """The liaison officer's queue of requests to be removed, and the latest decisions."""
    if not privacy.can_decide_erasure_requests(request.user):
        raise PermissionDenied
    requests = ErasureRequest.objects.select_related("user", "decided_by")
    pending = list(requests.filter(status=ErasureRequest.Status.PENDING).order_by("requested_at"))
    decided = list(requests.exclude(status=ErasureRequest.Status.PENDING)[:20])
    shown = pending + decided
    if shown:
        record_access(request, what="portal.erasure_requests", people=[r.user_id for r in shown])
    return render(
        request,
        "portal/privacy/erasurerequest_list.html",
        {"pending": pending, "decided": decided},
    )


@login_required
def erasure_request_decide(request, pk):
    """Show one request with what the portal holds on the person, and decide on it."""
    if not privacy.can_decide_erasure_requests(request.user):
        raise PermissionDenied
    erasure_request = get_object_or_404(ErasureRequest.objects.select_related("user"), pk=pk)
    if not privacy.can_decide_erasure_request(request.user, erasure_request):
        raise PermissionDenied
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ErasureDecisionForm.CONFIRM:
                privacy.confirm_erasure(erasure_request=erasure_request, by=request.user)
                messages.success(request, _("The person was anonymised."))
            else:
                privacy.refuse_erasure(
                    erasure_request=erasure_request,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The request was refused."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("portal:erasure_request_list")
    record_access(
        request,
        what="portal.erasure_request",
        target=erasure_request,
        people=[erasure_request.user_id],
    )
    sections = privacy.personal_data(erasure_request.user)
    return render(
        request,
        "portal/privacy/erasurerequest_decide.html",
        {
            "erasure_request": erasure_request,
            "form": form,
            "held": [(section.title, len(section.rows)) for section in sections if section.rows],
        },
    )
