"""Seasonal rounds: the public round pages, the association's application, the allocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from facilities.caching import cached_for_anonymous
from facilities.models import (
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    SeasonTurn,
    Space,
)
from facilities.permissions import (
    can_edit_season_application,
    can_give_up_turn,
    can_run_round,
    can_use_back_office,
    can_view_season_application,
)
from facilities.season_forms import (
    ApplicationForm,
    GiveUpForm,
    MoveTurnForm,
    NeedForm,
    PublishForm,
    RoundForm,
    TurnForm,
    WishFormSet,
)
from facilities.seasons import allocation, rendering, services
from organizations.models import Association
from portal import roles
from portal.database import CompiledStatements

# The round of every round page, compiled once per worker: putting the queryset together cost
# more than running it (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=8, prepared=True)


def _handled_spaces(user):
    if roles.is_liaison_officer(user):
        return Space.objects.select_related("site")
    return (
        Space.objects.filter(site__sector__in=roles.officer_sectors(user))
        .exclude(site__sector="")
        .select_related("site")
    )


def _round(pk, user=None) -> SeasonRound:
    found = STATEMENTS.objects("round", lambda pk: SeasonRound.objects.filter(pk=pk), pk)
    if not found:
        raise Http404
    season_round = found[0]
    if season_round.status == SeasonRound.Status.DRAFT and not (
        user is not None and can_run_round(user, season_round)
    ):
        raise PermissionDenied
    return season_round


def _runs(request, season_round: SeasonRound) -> None:
    if not can_run_round(request.user, season_round):
        raise PermissionDenied


# --- Public pages ----------------------------------------------------------------------------


@cached_for_anonymous
def season_round_list(request):
    """Open and published rounds, newest season first; officers also see their drafts."""
    rounds = SeasonRound.objects.public()
    if can_use_back_office(request.user):
        rounds = SeasonRound.objects.filter(
            Q(status__in=[SeasonRound.Status.OPEN, SeasonRound.Status.PUBLISHED])
            | Q(spaces__in=_handled_spaces(request.user))
            | Q(created_by=request.user)
        ).distinct()
    page = Paginator(
        rounds.annotate(space_count=Count("spaces", distinct=True)).order_by(
            "-season_starts_on", "pk"
        ),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/seasons/round_list.html",
        {
            "page_obj": page,
            "rounds": page.object_list,
            "may_create": can_use_back_office(request.user),
        },
    )


@cached_for_anonymous
def season_round_detail(request, pk):
    """The round as published: season, spaces, period, criteria, notes; and the user's part."""
    season_round = _round(pk, request.user)
    user = request.user
    spaces = list(season_round.spaces.select_related("site").order_by("site__name", "name"))
    represented = roles.represented_association_ids(user)
    own = list(
        SeasonApplication.objects.filter(
            season_round=season_round, association_id__in=represented
        ).select_related("association")
    )
    runs = can_run_round(user, season_round) if user.is_authenticated else False
    counts = {}
    if runs:
        counts = SeasonApplication.objects.filter(season_round=season_round).aggregate(
            submitted=Count("pk", filter=Q(status=SeasonApplication.Status.SUBMITTED)),
            late=Count("pk", filter=Q(is_late=True)),
            drafts=Count("pk", filter=Q(status=SeasonApplication.Status.DRAFT)),
        )
    return render(
        request,
        "facilities/seasons/round_detail.html",
        {
            "round": season_round,
            "spaces": spaces,
            "criteria": [SeasonRound.Criterion(value).label for value in season_round.criteria],
            "own": own,
            "may_apply": bool(represented) and season_round.takes_applications(),
            "runs": runs,
            "counts": counts,
        },
    )


# --- The officer's round ---------------------------------------------------------------------


@login_required
def season_round_create(request):
    if not can_use_back_office(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None, spaces=_handled_spaces(request.user))
    if request.method == "POST" and form.is_valid():
        season_round = services.save_round(form=form, by=request.user)
        messages.success(request, _("The round is saved. Open it when it is ready."))
        return redirect(season_round)
    return render(
        request,
        "facilities/seasons/round_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def season_round_edit(request, pk):
    season_round = _round(pk, request.user)
    _runs(request, season_round)
    form = RoundForm(
        request.POST or None, instance=season_round, spaces=_handled_spaces(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_round(form=form, by=request.user)
        messages.success(request, _("The round is saved."))
        return redirect(season_round)
    return render(
        request,
        "facilities/seasons/round_form.html",
        {"form": form, "round": season_round},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def season_round_open(request, pk):
    season_round = _round(pk, request.user)
    _runs(request, season_round)
    try:
        services.open_round(season_round=season_round, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The round is open and public."))
    return redirect(season_round)


def _space_choice(request, spaces: list[allocation.RoundSpace]) -> allocation.RoundSpace | None:
    wanted = request.GET.get("tila") or request.POST.get("tila")
    for space in spaces:
        if str(space.pk) == wanted:
            return space
    return spaces[0] if spaces else None


def _needs(season_round):
    return (
        SeasonNeed.objects.filter(
            application__season_round=season_round,
            application__status=SeasonApplication.Status.SUBMITTED,
        )
        .select_related("application__association")
        .order_by("application__association__name", "name")
    )


def _allocation_page(request, season_round, form, *, status=200):
    board = allocation.load_board(season_round)
    _choices_from_board(form, board)
    spaces = sorted(board.spaces.values(), key=lambda space: (space.site_name, space.name))
    space = _space_choice(request, spaces)
    grid = allocation.week_grid(board, space) if space else None
    wishing = []
    if space is not None:
        for need_id, wishes in board.wishes.items():
            here = [wish for wish in wishes if wish.space_id == space.pk]
            if here:
                wishing.append((board.needs[need_id], here))
        wishing.sort(key=lambda row: allocation.priority_key(row[0], season_round.criteria))
    turns = board.listed
    if space is not None:
        turns = [turn for turn in turns if turn.space_id in board.related.get(space.pk, ())]
    by_association, by_age = allocation.fairness(board)
    return render(
        request,
        "facilities/seasons/allocation.html",
        {
            "round": season_round,
            "spaces": spaces,
            "space": space,
            "grid": grid,
            "grid_rows": rendering.grid_rows(grid) if grid else "",
            "wishing": wishing,
            "wishing_rows": rendering.wishing_rows(wishing, space) if space else "",
            "turns": turns,
            "turn_rows": rendering.turn_rows(request, turns),
            "form": form,
            "by_association": by_association,
            "association_rows": rendering.fairness_rows(by_association, "fairness-associations"),
            "by_age": by_age,
            "age_rows": rendering.fairness_rows(by_age, "fairness-ages"),
        },
        status=status,
    )


def _choices_from_board(form, board) -> None:
    """The hand allocation form's groups and spaces listed from the board already read, in the
    order of the form's own queries, rather than by two more queries of whole rows. The fields
    still check a posted choice against their querysets."""
    for name, items, label in (
        (
            "need",
            board.needs.values(),
            lambda need: f"{need.association_name}: {need.name}",
        ),
        ("space", board.spaces.values(), str),
    ):
        field = form.fields.get(name)
        if field is None:
            continue
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.widget.choices = [*empty, *((item.pk, label(item)) for item in items)]


def _turn_form(request, season_round, data=None, **kwargs):
    initial = {
        name: request.GET[name]
        for name in ("need", "space", "weekday", "starts_at", "ends_at")
        if request.GET.get(name)
    }
    if data is None:
        # Only shown: its choices come from the board (_choices_from_board), and the querysets
        # that check a posted choice, even empty ones, took 0.2 ms to make and copy.
        needs, spaces = None, None
    else:
        needs, spaces = _needs(season_round), season_round.spaces.select_related("site")
    return TurnForm(data, needs=needs, spaces=spaces, initial=initial, **kwargs)


@login_required
def season_allocation(request, pk):
    """The week grid of one space with the wishes over it, the turns, and the fairness table."""
    season_round = _round(pk, request.user)
    _runs(request, season_round)
    form = _turn_form(request, season_round, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.allocate_turn(
                need=data["need"],
                space=data["space"],
                weekday=data["weekday"],
                starts=data["starts_at"],
                ends=data["ends_at"],
                forced_reason=data["forced_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The turn is allocated."))
            return redirect(f"{_allocation_url(season_round)}?tila={data['space'].pk}")
    return _allocation_page(request, season_round, form, status=400 if form.errors else 200)


def _allocation_url(season_round) -> str:
    return reverse("facilities:season_allocation", args=[season_round.pk])


def _turn(request, pk) -> SeasonTurn:
    turn = get_object_or_404(
        SeasonTurn.objects.select_related(
            "need__application__season_round", "need__application__association", "space"
        ),
        pk=pk,
    )
    return turn


@login_required
def season_turn_edit(request, pk):
    """Move a turn by hand: another time, day or space, with the same checks."""
    turn = _turn(request, pk)
    season_round = turn.need.application.season_round
    _runs(request, season_round)
    form = MoveTurnForm(
        request.POST or None,
        needs=SeasonNeed.objects.none(),
        spaces=season_round.spaces.select_related("site"),
        initial={
            "space": turn.space_id,
            "weekday": turn.weekday,
            "starts_at": turn.starts_at,
            "ends_at": turn.ends_at,
            "forced_reason": turn.forced_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_turn(
                turn=turn,
                space=data["space"],
                weekday=data["weekday"],
                starts=data["starts_at"],
                ends=data["ends_at"],
                forced_reason=data["forced_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The turn is moved."))
            return redirect(f"{_allocation_url(season_round)}?tila={data['space'].pk}")
    return render(
        request,
        "facilities/seasons/turn_form.html",
        {"turn": turn, "round": season_round, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def season_turn_delete(request, pk):
    turn = _turn(request, pk)
    season_round = turn.need.application.season_round
    _runs(request, season_round)
    try:
        services.remove_turn(turn=turn, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The turn is removed."))
    return redirect(f"{_allocation_url(season_round)}?tila={turn.space_id}")


@login_required
@require_POST
def season_round_propose(request, pk):
    season_round = _round(pk, request.user)
    _runs(request, season_round)
    try:
        turns = services.propose_turns(season_round=season_round, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "The proposal added %(count)d turn. Check it and adjust by hand.",
                "The proposal added %(count)d turns. Check them and adjust by hand.",
                len(turns),
            )
            % {"count": len(turns)},
        )
    space = request.POST.get("tila", "")
    query = f"?tila={space}" if space.isdigit() else ""
    return redirect(f"{_allocation_url(season_round)}{query}")


@login_required
def season_round_publish(request, pk):
    """Publish after a look at what it does: series for every new turn, a letter to each."""
    season_round = _round(pk, request.user)
    _runs(request, season_round)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.publish_round(
                season_round=season_round,
                refusal_reason=form.cleaned_data["refusal_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The results are published: %(series)d booking series with %(bookings)d "
                    "dates, %(letters)d letters sent."
                )
                % {"series": result.series, "bookings": result.bookings, "letters": result.letters},
            )
            if result.skipped:
                messages.warning(
                    request,
                    _("Left out as holidays, closed or already booked: %(days)s")
                    % {"days": ", ".join(result.skipped[:50])},
                )
            return redirect(season_round)
    new_turns = SeasonTurn.objects.filter(
        need__application__season_round=season_round, is_given_up=False, series__isnull=True
    ).count()
    waiting = SeasonApplication.objects.filter(
        season_round=season_round,
        status=SeasonApplication.Status.SUBMITTED,
        results_sent_at__isnull=True,
    ).count()
    return render(
        request,
        "facilities/seasons/round_publish.html",
        {"round": season_round, "form": form, "new_turns": new_turns, "waiting": waiting},
        status=400 if form.errors else 200,
    )


# --- The association's application ----------------------------------------------------------


def _represented(user):
    return Association.objects.filter(pk__in=roles.represented_association_ids(user)).order_by(
        "name"
    )


@login_required
def season_application_create(request, pk):
    """Start the association's application (a draft), or go to the one it has."""
    season_round = _round(pk, request.user)
    represented = _represented(request.user)
    if not represented:
        raise PermissionDenied(_("Only an association's representative can apply for turns."))
    associations = represented.filter(is_verified=True)
    form = ApplicationForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
        try:
            application = services.start_application(
                season_round=season_round,
                association=form.cleaned_data["association"],
                data=data,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Add each group's need to it."))
            return redirect(application)
    elif not season_round.takes_applications():
        messages.error(request, _("This round does not take applications now."))
    return render(
        request,
        "facilities/seasons/application_form.html",
        {"round": season_round, "form": form},
        status=400 if form.errors else 200,
    )


def _application(request, pk) -> SeasonApplication:
    application = get_object_or_404(
        SeasonApplication.objects.select_related("season_round", "association", "created_by"),
        pk=pk,
    )
    if not can_view_season_application(request.user, application):
        raise PermissionDenied
    return application


@login_required
def season_application_detail(request, pk):
    application = _application(request, pk)
    needs = application.needs.prefetch_related(
        "wishes__space",
        Prefetch("turns", queryset=SeasonTurn.objects.select_related("space", "series")),
    )
    represents = roles.represents(request.user, application.association_id)
    turns = [turn for need in needs for turn in need.turns.all()]
    return render(
        request,
        "facilities/seasons/application_detail.html",
        {
            "application": application,
            "round": application.season_round,
            "needs": needs,
            "may_edit": can_edit_season_application(request.user, application),
            "may_give_up": represents and any(can_give_up_turn(request.user, t) for t in turns),
            "give_up_ids": {
                t.pk for t in turns if represents and can_give_up_turn(request.user, t)
            },
        },
    )


def _editable(request, pk) -> SeasonApplication:
    application = _application(request, pk)
    if not can_edit_season_application(request.user, application):
        raise PermissionDenied
    return application


@login_required
def season_application_edit(request, pk):
    application = _editable(request, pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
        try:
            services.update_application(application=application, data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(application)
    return render(
        request,
        "facilities/seasons/application_form.html",
        {"round": application.season_round, "form": form, "application": application},
        status=400 if form.errors else 200,
    )


@login_required
def season_application_submit(request, pk):
    application = _editable(request, pk)
    if request.method == "POST":
        try:
            services.submit_application(application=application, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(application)
        messages.success(request, _("The application is sent. A receipt is on its way."))
        return redirect(application)
    return render(
        request,
        "facilities/seasons/application_submit.html",
        {
            "application": application,
            "round": application.season_round,
            "needs": application.needs.prefetch_related("wishes__space"),
        },
    )


def _need_page(request, application, need=None):
    season_round = application.season_round
    spaces = season_round.spaces.select_related("site")
    form = NeedForm(request.POST or None, instance=need)
    initial = [
        {
            "weekday": wish.weekday,
            "starts_at": wish.starts_at,
            "ends_at": wish.ends_at,
            "space": wish.space_id,
        }
        for wish in (need.wishes.all() if need else [])
    ]
    wishes = WishFormSet(
        request.POST or None, prefix="wishes", initial=initial, form_kwargs={"spaces": spaces}
    )
    if request.method == "POST" and form.is_valid() and wishes.is_valid():
        data = {name: form.cleaned_data[name] for name in NeedForm.Meta.fields}
        try:
            services.save_need(
                application=application,
                need=need,
                data=data,
                wishes=wishes.wishes(),  # type: ignore[attr-defined]
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The group's need is saved."))
            return redirect(application)
    return render(
        request,
        "facilities/seasons/need_form.html",
        {
            "application": application,
            "round": season_round,
            "form": form,
            "wishes": wishes,
            "need": need,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def season_need_create(request, pk):
    return _need_page(request, _editable(request, pk))


def _need(request, pk) -> SeasonNeed:
    need = get_object_or_404(
        SeasonNeed.objects.select_related("application__season_round", "application__association"),
        pk=pk,
    )
    if not can_edit_season_application(request.user, need.application):
        raise PermissionDenied
    return need


@login_required
def season_need_edit(request, pk):
    need = _need(request, pk)
    return _need_page(request, need.application, need)


@login_required
@require_POST
def season_need_delete(request, pk):
    need = _need(request, pk)
    services.delete_need(need=need, by=request.user)
    messages.success(request, _("The group's need is removed."))
    return redirect(need.application)


def _give_up_page(request, application, turns, *, whole: bool):
    form = GiveUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.give_up_turns(
                turns=turns, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d turn is given up; its time is free to book again.",
                    "%(count)d turns are given up; their time is free to book again.",
                    count,
                )
                % {"count": count},
            )
            return redirect(application)
    return render(
        request,
        "facilities/seasons/give_up.html",
        {"application": application, "turns": turns, "form": form, "whole": whole},
        status=400 if form.errors else 200,
    )


@login_required
def season_turn_give_up(request, pk):
    turn = _turn(request, pk)
    if not can_give_up_turn(request.user, turn):
        raise PermissionDenied
    return _give_up_page(request, turn.need.application, [turn], whole=False)


@login_required
def season_application_give_up(request, pk):
    """Give up the whole allocation of the association in this round."""
    application = _application(request, pk)
    turns = [
        turn
        for turn in SeasonTurn.objects.filter(need__application=application).select_related(
            "need__application__season_round", "space"
        )
        if can_give_up_turn(request.user, turn)
    ]
    if not turns:
        raise PermissionDenied
    return _give_up_page(request, application, turns, whole=True)
