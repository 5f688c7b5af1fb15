"""Long-term use of rooms: the officer's list of who holds which room, and its decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities import leases
from facilities.forms import (
    LeaseDetailsForm,
    LeaseEndForm,
    LeaseFilterForm,
    LeaseForm,
    LeaseRenewForm,
)
from facilities.models import Lease
from facilities.permissions import can_handle_bookings, can_view_lease
from facilities.views.officer import _handled_spaces, _require_back_office
from portal import audit

PAGE_SIZE = 50


def query_without(request, *names: str) -> str:
    """The request's query string without the given parameters, ready for `&page=`."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@login_required
def lease_list(request):
    """Who holds which room for a longer period, ending first; filters and order are kept."""
    _require_back_office(request.user)
    form = LeaseFilterForm(request.GET or None)
    today = timezone.localdate()
    found = form.filter(
        Lease.objects.filter(space__in=_handled_spaces(request.user)).with_list_data(), today
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/lease_list.html",
        {
            "form": form,
            "page_obj": page,
            "leases": page.object_list,
            "today": today,
            "query_without_page": query_without(request, "page"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def lease_create(request):
    """Give an office or a storage room to an association for a period."""
    _require_back_office(request.user)
    spaces = _handled_spaces(request.user).select_related("site")
    form = LeaseForm(
        request.POST or None, spaces=spaces, initial={"space": request.GET.get("space")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_handle_bookings(request.user, data["space"]):
            raise PermissionDenied
        try:
            lease = leases.create_lease(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The room is in the association's use for the period."))
            return redirect(lease)
    return render(
        request, "facilities/lease_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _lease(request, pk) -> Lease:
    lease = get_object_or_404(Lease.objects.with_list_data().select_related("created_by"), pk=pk)
    if not can_view_lease(request.user, lease):
        raise PermissionDenied
    return lease


def _managed_lease(request, pk) -> Lease:
    lease = _lease(request, pk)
    if not can_handle_bookings(request.user, lease.space):
        raise PermissionDenied
    return lease


def _detail(request, lease: Lease, *, status: int = 200, **forms):
    can_manage = can_handle_bookings(request.user, lease.space)
    context = {
        "lease": lease,
        "today": timezone.localdate(),
        "can_manage": can_manage,
        "events": audit.events_for(lease) if can_manage else [],
        "details_form": LeaseDetailsForm(instance=lease, prefix="details"),
        "renew_form": LeaseRenewForm(prefix="renew"),
        "end_form": LeaseEndForm(prefix="end"),
        **forms,
    }
    return render(request, "facilities/lease_detail.html", context, status=status)


@login_required
def lease_detail(request, pk):
    """The room, the association, the contract, the keys; the officer also changes them here."""
    return _detail(request, _lease(request, pk))


@login_required
def lease_edit(request, pk):
    lease = _managed_lease(request, pk)
    if request.method != "POST":
        return redirect(lease)
    form = LeaseDetailsForm(request.POST, instance=Lease.objects.get(pk=lease.pk), prefix="details")
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in LeaseDetailsForm.Meta.fields}
        leases.update_lease(lease=lease, by=request.user, **data)
        messages.success(request, _("The changes are saved."))
        return redirect(lease)
    return _detail(request, lease, status=400, details_form=form)


@login_required
def lease_renew(request, pk):
    lease = _managed_lease(request, pk)
    if request.method != "POST":
        return redirect(lease)
    form = LeaseRenewForm(request.POST, prefix="renew")
    if form.is_valid():
        try:
            leases.renew_lease(lease=lease, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The long-term use continues to the new last day."))
            return redirect(lease)
    return _detail(request, lease, status=400, renew_form=form)


@login_required
def lease_end(request, pk):
    lease = _managed_lease(request, pk)
    if request.method != "POST":
        return redirect(lease)
    form = LeaseEndForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            leases.end_lease(lease=lease, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The long-term use ends early; the days after it can be booked.")
            )
            return redirect(lease)
    return _detail(request, lease, status=400, end_form=form)
