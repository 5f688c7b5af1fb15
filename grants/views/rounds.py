"""The sector officer writes a round: settings, published criteria and extra questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants import permissions, services
from grants.forms import CriterionFormSet, ExtraQuestionFormSet, GrantRoundForm
from grants.models import GrantProgramme, GrantRound
from portal import roles


@login_required
def round_edit(request, pk=None):
    """Create a round, or change one of the officer's rounds."""
    if pk is None:
        if not permissions.can_create_round(request.user):
            raise PermissionDenied
        grant_round = GrantRound()
    else:
        grant_round = get_object_or_404(GrantRound.objects.select_related("programme"), pk=pk)
        if not permissions.can_manage_round(request.user, grant_round):
            raise PermissionDenied
    programmes = GrantProgramme.objects.filter(sector__in=roles.officer_sectors(request.user))
    locked = grant_round.pk is not None and permissions.criteria_locked(grant_round)
    data = request.POST if request.method == "POST" else None
    form = GrantRoundForm(data, instance=grant_round, programmes=programmes)
    criteria = CriterionFormSet(
        data,
        prefix="criteria",
        initial=list(grant_round.criteria.values("name", "description", "weight"))
        if grant_round.pk
        else [],
    )
    questions = ExtraQuestionFormSet(
        data,
        prefix="questions",
        initial=list(grant_round.extra_questions.values("text", "help_text", "is_required"))
        if grant_round.pk
        else [],
    )
    if request.method == "POST":
        valid = form.is_valid() and (locked or (criteria.is_valid() and questions.is_valid()))
        if valid:
            try:
                saved = services.save_round(
                    grant_round=form.instance,
                    criteria=None if locked else criteria.rows(),
                    questions=None if locked else questions.rows(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The round was saved."))
                return redirect("grants:round_review", pk=saved.pk)
    return render(
        request,
        "grants/grantround_form.html",
        {
            "grant_round": grant_round,
            "form": form,
            "criteria": criteria,
            "questions": questions,
            "locked": locked,
        },
    )
