"""The annual cycle: the public wheel and list, its feed, and the officer's own items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from events import cycle
from events.evening_forms import CycleItemForm
from events.models import CycleItem
from events.permissions import can_manage_cycle

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request) -> tuple[int, bool]:
    """The year asked for in ?year=, or this year; the flag says whether the value was bad."""
    this_year = timezone.localdate().year
    value = request.GET.get("year")
    if value is None:
        return this_year, False
    if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value), False
    return this_year, True


def cycle_year(request):
    """One year of the cycle: the wheel, with the list by month beside it."""
    year, is_bad = _year(request)
    if is_bad:
        messages.error(request, _("The year in the address is not a year; this year is shown."))
    entries = cycle.entries_for_year(year)
    years = cycle.years_with_data()
    if year not in years:
        years = sorted({*years, year})
    return render(
        request,
        "events/cycle.html",
        {
            "year": year,
            "years": years,
            "months": cycle.by_month(entries, year),
            "wheel": cycle.wheel(entries, year),
            "entry_count": len(entries),
            "can_manage": can_manage_cycle(request.user),
        },
        status=400 if is_bad else 200,
    )


def cycle_ics(request):
    """Last year, this year and next year of the cycle as a calendar feed."""
    this_year = timezone.localdate().year
    entries: list[cycle.CycleEntry] = []
    for year in (this_year - 1, this_year, this_year + 1):
        entries.extend(
            entry for entry in cycle.entries_for_year(year) if entry.starts_on.year == year
        )
    response = HttpResponse(
        cycle.cycle_calendar(entries), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="vuosikello.ics"'
    return response


@login_required
def cycle_items(request):
    """The officer's hand-made items, newest year first, with a form for a new one."""
    if not can_manage_cycle(request.user):
        raise PermissionDenied
    form = CycleItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cycle.save_cycle_item(item=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The item was added to the annual cycle."))
                return redirect("cycle:cycle_items")
        status = 400
    return render(
        request,
        "events/cycle_items.html",
        {"form": form, "items": CycleItem.objects.order_by("-starts_on", "title")},
        status=status,
    )


@login_required
def cycle_item_edit(request, pk):
    if not can_manage_cycle(request.user):
        raise PermissionDenied
    item = get_object_or_404(CycleItem, pk=pk)
    form = CycleItemForm(request.POST or None, instance=item)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cycle.save_cycle_item(item=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The item was saved."))
                return redirect("cycle:cycle_items")
        status = 400
    return render(
        request, "events/cycle_item_form.html", {"form": form, "item": item}, status=status
    )


@login_required
def cycle_item_delete(request, pk):
    """Asks first, saying what removing does; the POST removes."""
    if not can_manage_cycle(request.user):
        raise PermissionDenied
    item = get_object_or_404(CycleItem, pk=pk)
    if request.method == "POST":
        cycle.delete_cycle_item(item=item, by=request.user)
        messages.success(request, _("The item was removed from the annual cycle."))
        return redirect("cycle:cycle_items")
    return render(
        request,
        "events/cycle_item_delete.html",
        {"item": item, "linked": item.agenda_items.count()},
    )
