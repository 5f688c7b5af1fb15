"""Association evenings: the public list, the officer's pages and the representatives' answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import evenings
from events.evening_forms import AnswerForm, EveningForm, MinutesForm, agenda_formset
from events.models import AgendaItem, Evening, EveningInvitation
from events.permissions import (
    can_answer,
    can_manage_evenings,
    can_view_invitation,
    can_view_planned_evenings,
)
from portal import exports
from portal.access_log import record_access

AGENDA = Prefetch(
    "agenda_items",
    queryset=AgendaItem.objects.select_related("cycle_item", "grant_round").order_by("order"),
)


def _evenings(user):
    """The officer and the agents see evenings not yet announced too; others the announced."""
    queryset = (
        Evening.objects.all() if can_view_planned_evenings(user) else Evening.objects.public()
    )
    return queryset.select_related("space", "space__site")


def evening_list(request):
    """Coming evenings, and past ones with their minutes."""
    queryset = _evenings(request.user)
    return render(
        request,
        "events/evening_list.html",
        {
            "coming": list(queryset.coming().order_by("starts_at")),
            "past": list(queryset.past().order_by("-starts_at")),
            "can_manage": can_manage_evenings(request.user),
        },
    )


def evening_detail(request, pk):
    evening = get_object_or_404(_evenings(request.user).prefetch_related(AGENDA), pk=pk)
    own = []
    if request.user.is_authenticated:
        own = list(
            evening.invitations.filter(
                association__memberships__user=request.user,
                association__memberships__status="approved",
            ).select_related("association")
        )
    return render(
        request,
        "events/evening_detail.html",
        {
            "evening": evening,
            "own_invitations": own,
            "can_manage": can_manage_evenings(request.user),
        },
    )


def _form_page(request, form, formset, evening=None, status=200):
    return render(
        request,
        "events/evening_form.html",
        {"form": form, "formset": formset, "evening": evening},
        status=status,
    )


def _save(request, form, formset):
    try:
        return evenings.save_evening(evening=form.instance, agenda=formset.items(), by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def evening_create(request):
    if not can_manage_evenings(request.user):
        raise PermissionDenied
    form = EveningForm(request.POST or None)
    formset = agenda_formset(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            evening = _save(request, form, formset)
            if evening is not None:
                messages.success(
                    request, _("The evening was saved. Send the invitations when it is ready.")
                )
                return redirect(evening)
        return _form_page(request, form, formset, status=400)
    return _form_page(request, form, formset)


@login_required
def evening_edit(request, pk):
    if not can_manage_evenings(request.user):
        raise PermissionDenied
    evening = get_object_or_404(Evening, pk=pk)
    form = EveningForm(request.POST or None, instance=evening)
    formset = agenda_formset(request.POST or None, evening=evening)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            saved = _save(request, form, formset)
            if saved is not None:
                messages.success(request, _("The evening was saved."))
                return redirect(saved)
        return _form_page(request, form, formset, evening=evening, status=400)
    return _form_page(request, form, formset, evening=evening)


@login_required
def evening_invite(request, pk):
    """Asks first, saying who will get the invitation; the POST sends it."""
    if not can_manage_evenings(request.user):
        raise PermissionDenied
    evening = get_object_or_404(Evening.objects.select_related("space", "space__site"), pk=pk)
    invited = set(evening.invitations.values_list("association_id", flat=True))
    audience = [a for a in evenings.audience(evening) if a.pk not in invited]
    if request.method == "POST":
        try:
            count = evenings.send_invitations(evening=evening, by=request.user)
        except ValidationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s association was invited; the e-mail is on its way.",
                    "%(count)s associations were invited; the e-mails are on their way.",
                    count,
                )
                % {"count": count},
            )
        return redirect("events:evening_answers", pk=evening.pk)
    return render(
        request,
        "events/evening_invite.html",
        {
            "evening": evening,
            "audience": audience,
            "without_email": [a for a in audience if not a.contact_email],
            "already_invited": len(invited),
        },
    )


def _officer_evening(request, pk) -> Evening:
    if not can_manage_evenings(request.user):
        raise PermissionDenied
    return get_object_or_404(Evening.objects.select_related("space", "space__site"), pk=pk)


def _invitations(evening: Evening):
    return evening.invitations.select_related("association", "answered_by").order_by(
        "association__name", "pk"
    )


@login_required
def evening_answers(request, pk):
    """The counts and the list of answers, for the officer."""
    evening = _officer_evening(request, pk)
    invitations = list(_invitations(evening))
    record_access(
        request,
        what="events.evening_answers",
        target=evening,
        people=[invitation.answered_by_id for invitation in invitations],
    )
    return render(
        request,
        "events/evening_answers.html",
        {
            "evening": evening,
            "invitations": invitations,
            "counts": evenings.answer_counts(evening),
        },
    )


def _answer_rows(invitations):
    yes, no, none = _("yes"), _("no"), _("no answer")
    yield [
        _("Association"),
        _("Attending"),
        _("People"),
        _("Topics for the agenda"),
        _("Answered by"),
        _("Answered at"),
        _("Attended"),
    ]
    for invitation in invitations:
        yield [
            invitation.association.name,
            {True: yes, False: no, None: none}[invitation.is_attending],
            invitation.head_count,
            invitation.topics,
            str(invitation.answered_by or ""),
            invitation.answered_at,
            yes if invitation.has_attended else "",
        ]


@login_required
def evening_export(request, pk, fmt):
    """The answers as XLSX or as CSV for Finnish Excel (portal.exports)."""
    evening = _officer_evening(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    invitations = list(_invitations(evening))
    record_access(
        request,
        what="events.evening_answers_export",
        target=evening,
        people=[invitation.answered_by_id for invitation in invitations],
    )
    filename = f"yhdistysilta-{timezone.localtime(evening.starts_at):%Y-%m-%d}-{evening.pk}"
    header, *rows = _answer_rows(invitations)
    return exports.export_response(
        fmt, filename=filename, header=header, rows=rows, sheet_title=_("Answers")
    )


@login_required
def evening_minutes(request, pk):
    """After the evening: the minutes and the checklist of associations that came."""
    evening = _officer_evening(request, pk)
    invitations = list(
        evening.invitations.select_related("association").order_by("association__name")
    )
    form = MinutesForm(
        request.POST or None, request.FILES or None, instance=evening, invitations=invitations
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                evenings.publish_minutes(
                    evening=evening,
                    minutes=form.cleaned_data["minutes"],
                    minutes_file=request.FILES.get("minutes_file"),
                    attended={int(pk) for pk in form.cleaned_data["attended"]},
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The minutes are published."))
                return redirect(evening)
        status = 400
        evening.refresh_from_db()
    return render(
        request,
        "events/evening_minutes.html",
        {"evening": evening, "form": form, "has_started": evening.has_started},
        status=status,
    )


@login_required
def invitation_answer(request, pk):
    """A representative of the invited association answers, and may change the answer."""
    invitation = get_object_or_404(
        EveningInvitation.objects.select_related("evening", "evening__space__site", "association"),
        pk=pk,
    )
    if not can_view_invitation(request.user, invitation):
        raise Http404
    initial = {
        "is_attending": {True: "yes", False: "no", None: None}[invitation.is_attending],
        "head_count": invitation.head_count,
        "topics": invitation.topics,
    }
    form = AnswerForm(request.POST or None, initial=initial)
    may_answer = can_answer(request.user, invitation)
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                evenings.answer_invitation(
                    invitation=invitation,
                    is_attending=form.cleaned_data["is_attending"],
                    head_count=form.cleaned_data["head_count"] or 0,
                    topics=form.cleaned_data["topics"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you, your answer is saved."))
                return redirect("events:invitation_answer", pk=invitation.pk)
        status = 400
    return render(
        request,
        "events/evening_answer.html",
        {
            "invitation": invitation,
            "evening": invitation.evening,
            "form": form,
            "may_answer": may_answer,
        },
        status=status,
    )
