"""Input rounds: the officer's rounds, the associations' answers, reading, quotations, export."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Association
from portal import exports, roles
from wellbeing import permissions, services
from wellbeing.forms import AnswerForm, QuotationForm, RoundForm, SummaryForm, target_groups
from wellbeing.models import InputAnswer, InputRound, Quotation, Theme

# How long a rendered page of answers is kept at most (data changes bump the version sooner).
READING_SECONDS = 300


def _round_for(user, pk: int) -> InputRound:
    input_round = services.round_by_pk(pk, with_themes=True)
    if input_round is None or not permissions.can_view_round(user, input_round):
        raise Http404
    return input_round


def _manageable_round(user, pk: int) -> InputRound:
    if not permissions.can_manage_rounds(user):
        raise PermissionDenied
    return get_object_or_404(InputRound.objects.prefetch_related("themes"), pk=pk)


def _answers_of_user(user, rounds) -> dict[tuple[int, int], InputAnswer]:
    """The answers of the user's associations to the given rounds, by (round, association)."""
    association_ids = roles.represented_association_ids(user)
    if not association_ids:
        return {}
    answers = InputAnswer.objects.filter(round__in=rounds, association_id__in=association_ids)
    return {(answer.round_id, answer.association_id): answer for answer in answers}


@login_required
def round_list(request):
    """The officer's and council's list of rounds; a representative's rounds to answer."""
    rounds = list(
        InputRound.objects.visible_to(request.user).annotate(
            submitted_count=Count("answers", filter=Q(answers__status="submitted")),
        )
    )
    associations = list(
        Association.objects.filter(pk__in=roles.represented_association_ids(request.user))
        .only("pk", "name", "slug")
        .order_by("name")
    )
    answers = _answers_of_user(request.user, rounds)
    for input_round in rounds:
        input_round.own = [  # type: ignore[attr-defined]
            (association, answers.get((input_round.pk, association.pk)))
            for association in associations
        ]
    return render(
        request,
        "wellbeing/round_list.html",
        {
            "rounds": rounds,
            "associations": associations,
            "can_manage": permissions.can_manage_rounds(request.user),
            "can_read": permissions.can_read_answers(request.user),
        },
    )


def _round_form_page(request, form, input_round=None, status=200):
    return render(
        request,
        "wellbeing/round_form.html",
        {"form": form, "round": input_round},
        status=status,
    )


def _save_round(request, form) -> InputRound | None:
    try:
        return services.save_round(
            input_round=form.instance, themes=form.cleaned_data["themes"], by=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def round_create(request):
    if not permissions.can_manage_rounds(request.user):
        raise PermissionDenied
    initial = {"year": timezone.localdate().year, "themes": Theme.objects.all()}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            input_round = _save_round(request, form)
            if input_round is not None:
                messages.success(
                    request,
                    _("The round was saved as a draft. Open it when the associations may answer."),
                )
                return redirect(input_round)
        return _round_form_page(request, form, status=400)
    return _round_form_page(request, form)


@login_required
def round_edit(request, pk):
    input_round = _manageable_round(request.user, pk)
    if input_round.status not in (InputRound.Status.DRAFT, InputRound.Status.OPEN):
        messages.error(request, _("A closed round can no longer be changed."))
        return redirect(input_round)
    form = RoundForm(request.POST or None, instance=input_round)
    if request.method == "POST":
        if form.is_valid():
            saved = _save_round(request, form)
            if saved is not None:
                messages.success(request, _("The round was saved."))
                return redirect(saved)
        return _round_form_page(request, form, input_round, status=400)
    return _round_form_page(request, form, input_round)


def _filters(request, input_round: InputRound):
    """The theme and target group the reader chose, from ?teema= and ?kohderyhma=, and every
    target group when one was chosen (None otherwise: a page in the cache needs none)."""
    theme = group = groups = None
    theme_slug, group_slug = request.GET.get("teema", ""), request.GET.get("kohderyhma", "")
    if theme_slug:
        theme = next((t for t in input_round.themes.all() if t.slug == theme_slug), None)
    if group_slug:
        groups = services.reading_groups()
        group = next((g for g in groups if g.slug == group_slug), None)
    unknown = bool(theme_slug and not theme) or bool(group_slug and not group)
    return theme, group, groups, unknown


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _reading(request, input_round: InputRound, theme, group, groups) -> str:
    """The figures and one page of sent answers, as HTML kept in the cache.

    The key carries the data version, which every change to a round, an answer's status or a
    quotation bumps; the copy expires after READING_SECONDS in any case, for names changed
    elsewhere (an association's, a theme's). It is the same for every reader of the round.
    """
    query_without_page = _query_without_page(request)
    digest = hashlib.sha256(
        "|".join(
            [
                str(theme.pk if theme else ""),
                str(group.pk if group else ""),
                request.GET.get("page", "")[:12],
                query_without_page,
            ]
        ).encode()
    ).hexdigest()[:32]
    key = (
        f"wellbeing:reading:{services.PUBLIC_VERSION.current()}:{input_round.pk}:"
        f"{translation.get_language()}:{digest}"
    )
    html = cache.get(key)
    if html is not None:
        return mark_safe(html)  # noqa: S308 - rendered by our own template below
    page = services.reading_page(input_round, theme, group, request.GET.get("page"))
    # Every target group, by name in the reader's language: the filter's choices, the
    # figures' groups and the cards' groups are among them.
    groups = groups if groups is not None else services.reading_groups()
    html = render_to_string(
        "wellbeing/includes/round_reading.html",
        {
            "round": input_round,
            "figures": services.round_figures(input_round, groups),
            "page_obj": page,
            "cards": services.reading_cards(
                list(page.object_list), input_round.themes.all(), groups
            ),
            "theme": theme,
            "group": group,
            "all_groups": groups,
            "query_without_page": query_without_page,
        },
    )
    cache.set(key, str(html), READING_SECONDS)
    return html


def round_detail(request, pk):
    """The round: for readers the answers by theme and target group; for representatives
    the instructions and their associations' answers."""
    input_round = _round_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect(input_round.get_public_url())
    context: dict = {
        "round": input_round,
        "can_manage": permissions.can_manage_rounds(request.user),
        "can_read": permissions.can_read_answers(request.user),
    }
    context["own"] = []
    if roles.represented_association_ids(request.user):
        associations = list(
            Association.objects.filter(pk__in=roles.represented_association_ids(request.user))
            .only("pk", "name", "slug")
            .order_by("name")
        )
        answers = _answers_of_user(request.user, [input_round])
        context["own"] = [
            (association, answers.get((input_round.pk, association.pk)))
            for association in associations
        ]
    status = 200
    if context["can_read"]:
        theme, group, groups, unknown = _filters(request, input_round)
        if unknown:
            messages.error(request, _("No such theme or target group in this round."))
            status = 400
        context["reading"] = _reading(request, input_round, theme, group, groups)
    return render(request, "wellbeing/round_detail.html", context, status=status)


def _transition(request, pk, *, service, template, done):
    input_round = _manageable_round(request.user, pk)
    if request.method == "POST":
        try:
            service(input_round=input_round, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(input_round)
    return render(request, template, {"round": input_round})


@login_required
def round_open(request, pk):
    """Ask first, then let the associations answer."""
    return _transition(
        request,
        pk,
        service=services.open_round,
        template="wellbeing/round_open.html",
        done=_("The round is open. The associations can answer until the deadline."),
    )


@login_required
def round_close(request, pk):
    """Ask first, then stop taking answers."""
    return _transition(
        request,
        pk,
        service=services.close_round,
        template="wellbeing/round_close.html",
        done=_("The round is closed. Mark the quotations and publish the summary."),
    )


@login_required
def round_publish(request, pk):
    """Write the summary and publish it with the approved quotations."""
    input_round = _manageable_round(request.user, pk)
    form = SummaryForm(request.POST or None, initial={"summary": input_round.summary})
    quotations = (
        Quotation.objects.filter(answer__round=input_round)
        .select_related("theme", "answer__association")
        .order_by("theme__order", "pk")
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.publish_round(
                    input_round=input_round, summary=form.cleaned_data["summary"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The summary is published."))
                return redirect(input_round.get_public_url())
        status = 400
    return render(
        request,
        "wellbeing/round_publish.html",
        {"round": input_round, "form": form, "quotations": quotations},
        status=status,
    )


@login_required
def round_export(request, pk, fmt):
    """The round's sent answers for a spreadsheet, with counts per theme and target group."""
    if not permissions.can_read_answers(request.user):
        raise PermissionDenied
    input_round = _round_for(request.user, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    answers = list(input_round.answers.submitted().with_list_data().order_by("association__name"))
    figures = services.round_figures(input_round)
    themes = figures["themes"]
    groups = figures["target_groups"]
    header = [
        _("Association"),
        _("Sent"),
        *[theme.name for theme in themes],
        *[_("People reached: %(group)s") % {"group": group.name} for group in groups],
        _("Needs and changes seen"),
        _("Own actions"),
        _("Proposals to the municipality"),
        _("Needs premises"),
        _("Needs funding"),
        _("Needs cooperation"),
        _("Needs in own words"),
        _("Structures taken part in"),
        _("Quotations"),
    ]
    rows = []
    for answer in answers:
        answer_themes = {theme.pk for theme in answer.themes.all()}
        reached = {row.target_group_id: row.people_reached for row in answer.reached_groups.all()}
        structures = answer.structure_labels()
        if answer.structures_other:
            structures.append(answer.structures_other)
        rows.append(
            [
                answer.association.name,
                answer.submitted_at,
                *[1 if theme.pk in answer_themes else None for theme in themes],
                *[reached.get(group.pk) for group in groups],
                answer.observed_needs,
                answer.own_actions,
                answer.proposals,
                answer.needs_premises,
                answer.needs_funding,
                answer.needs_cooperation,
                answer.needs_text,
                ", ".join(structures),
                len(answer.quotations.all()),
            ]
        )
    rows.append(
        [
            _("Total: %(count)s answers") % {"count": figures["submitted"]},
            None,
            *[theme.answer_count for theme in themes],
            *[group.people for group in groups],
            None,
            None,
            None,
            figures["needs_premises"],
            figures["needs_funding"],
            figures["needs_cooperation"],
            None,
            None,
            None,
        ]
    )
    return exports.export_response(
        fmt,
        filename=f"hyvinvointi-{input_round.year}-{input_round.pk}",
        header=header,
        rows=rows,
        sheet_title=_("Answers"),
    )


def _answer_page(request, input_round, association, form, answer, status=200):
    return render(
        request,
        "wellbeing/answer_form.html",
        {
            "round": input_round,
            "association": association,
            "answer": answer,
            "form": form,
        },
        status=status,
    )


@login_required
def answer_edit(request, pk, association_pk):
    """The association's answer: any of its representatives may go on with the draft."""
    input_round = _round_for(request.user, pk)
    association = get_object_or_404(Association, pk=association_pk)
    if not permissions.can_answer_for(request.user, association):
        raise PermissionDenied
    answer = services.answer_for(input_round=input_round, association=association)
    if answer is not None and answer.is_submitted:
        messages.info(request, _("The answer has been sent and can no longer be changed."))
        return redirect(answer)
    if not input_round.accepts_answers():
        messages.error(request, _("The round does not take answers now."))
        return redirect(input_round)
    groups = list(target_groups())
    initial = AnswerForm.initial_for(answer) if answer is not None else {}
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data, initial=initial, input_round=input_round, target_groups=groups)
    if request.method != "POST":
        return _answer_page(request, input_round, association, form, answer)
    if not form.is_valid():
        return _answer_page(request, input_round, association, form, answer, status=400)
    try:
        answer = answer or services.start_answer(
            input_round=input_round, association=association, by=request.user
        )
        answer = services.save_answer(
            answer=answer,
            data=form.answer_data(),
            themes=form.cleaned_data["themes"],
            reached=form.reached(),
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _answer_page(request, input_round, association, form, answer, status=400)
    if request.POST.get("action") == "review":
        return redirect("wellbeing:answer_submit", pk=answer.pk)
    messages.success(
        request,
        _("The draft was saved. You or another representative can go on with it later."),
    )
    return redirect("wellbeing:answer_edit", pk=input_round.pk, association_pk=association.pk)


def _answer_for(user, pk: int) -> InputAnswer:
    answer = get_object_or_404(InputAnswer.objects.with_list_data(), pk=pk)
    if not permissions.can_view_answer(user, answer):
        raise Http404
    return answer


@login_required
def answer_detail(request, pk):
    answer = _answer_for(request.user, pk)
    can_quote = permissions.can_mark_quotations(request.user) and answer.is_submitted
    return render(
        request,
        "wellbeing/answer_detail.html",
        {
            "answer": answer,
            "round": answer.round,
            "is_own": permissions.can_answer_for(request.user, answer.association_id),
            "can_edit": permissions.can_edit_answer(request.user, answer),
            "can_reopen": permissions.can_reopen_answer(request.user, answer),
            "quotation_form": QuotationForm(input_round=answer.round) if can_quote else None,
        },
    )


@login_required
def answer_submit(request, pk):
    """Ask first: a sent answer can no longer be changed by the association."""
    answer = _answer_for(request.user, pk)
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.submit_answer(answer=answer, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Thank you! The answer was sent to the liaison officer."))
            return redirect(answer)
    else:
        errors = services.missing_for_submission(answer)
    return render(
        request,
        "wellbeing/answer_submit.html",
        {"answer": answer, "round": answer.round, "errors": errors},
        status=400 if errors and request.method == "POST" else 200,
    )


@login_required
def answer_reopen(request, pk):
    """Ask first, then return a sent answer to its association as a draft."""
    answer = _answer_for(request.user, pk)
    if not permissions.can_reopen_answer(request.user, answer):
        raise PermissionDenied
    if request.method == "POST":
        services.reopen_answer(answer=answer, by=request.user)
        messages.success(request, _("The answer was returned to the association as a draft."))
        return redirect(answer)
    return render(request, "wellbeing/answer_reopen.html", {"answer": answer})


@login_required
@require_POST
def quotation_create(request, pk):
    answer = _answer_for(request.user, pk)
    if not permissions.can_mark_quotations(request.user):
        raise PermissionDenied
    form = QuotationForm(request.POST, input_round=answer.round)
    if form.is_valid():
        try:
            services.add_quotation(
                answer=answer,
                text=form.cleaned_data["text"],
                theme=form.cleaned_data["theme"],
                is_approved=form.cleaned_data["is_approved"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The quotation was marked."))
            return redirect(answer)
    return render(
        request,
        "wellbeing/answer_detail.html",
        {
            "answer": answer,
            "round": answer.round,
            "is_own": False,
            "can_edit": False,
            "can_reopen": permissions.can_reopen_answer(request.user, answer),
            "quotation_form": form,
        },
        status=400,
    )


def _quotation_for(user, pk: int) -> Quotation:
    if not permissions.can_mark_quotations(user):
        raise PermissionDenied
    return get_object_or_404(
        Quotation.objects.select_related("answer__round", "answer__association", "theme"), pk=pk
    )


@login_required
def quotation_edit(request, pk):
    quotation = _quotation_for(request.user, pk)
    input_round = quotation.answer.round
    form = QuotationForm(request.POST or None, instance=quotation, input_round=input_round)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_quotation(
                    quotation=quotation,
                    text=form.cleaned_data["text"],
                    theme=form.cleaned_data["theme"],
                    is_approved=form.cleaned_data["is_approved"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The quotation was saved."))
                return redirect(quotation.answer)
        status = 400
    return render(
        request,
        "wellbeing/quotation_form.html",
        {"form": form, "quotation": quotation, "answer": quotation.answer},
        status=status,
    )


@login_required
def quotation_delete(request, pk):
    """Ask first, then remove the quotation (the answer stays as it was sent)."""
    quotation = _quotation_for(request.user, pk)
    answer = quotation.answer
    if request.method == "POST":
        services.delete_quotation(quotation=quotation, by=request.user)
        messages.success(request, _("The quotation was removed."))
        return redirect(answer)
    return render(
        request, "wellbeing/quotation_delete.html", {"quotation": quotation, "answer": answer}
    )
