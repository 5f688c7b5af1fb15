"""What happens in an input round for the wellbeing report, and the figures the pages show.

A round goes draft → open → closed → published. Representatives answer while it is open and
the deadline has not passed; the officer reads, marks quotations and writes the summary once it
is closed; publishing shows the summary with the approved quotations to everyone.
"""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple, cast

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, Count, Func, OuterRef, Q, Subquery, Sum, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Association, Membership, TargetGroup
from portal import audit
from portal.caching import DataVersion
from portal.database import CompiledStatements
from portal.i18n import shown_name
from portal.mail import render_subject, render_text
from portal.models import User
from wellbeing.models import (
    AnswerTargetGroup,
    InputAnswer,
    InputRound,
    Quotation,
    RoundReminder,
    Theme,
)

# Every change to what the public wellbeing pages show bumps this version.
PUBLIC_VERSION = DataVersion("wellbeing:data-version")
data_changed = PUBLIC_VERSION.bump

# The officer reads a round's answers this many to a page.
READING_PAGE_SIZE = 10
# Days before the deadline on which the associations without a sent answer are reminded.
REMINDER_DAYS = (7, 1)

TEXT_FIELDS = ("observed_needs", "own_actions", "proposals", "needs_text")
ANSWER_FIELDS = (
    *TEXT_FIELDS,
    "needs_premises",
    "needs_funding",
    "needs_cooperation",
    "structures",
    "structures_other",
)


def _locked_round(input_round: InputRound) -> InputRound:
    return InputRound.objects.select_for_update().get(pk=input_round.pk)


@transaction.atomic
def save_round(*, input_round: InputRound, themes: Iterable[Theme], by: User) -> InputRound:
    """Create or change a round; a round that has closed keeps its questions."""
    is_new = input_round.pk is None
    if not is_new and _locked_round(input_round).status not in (
        InputRound.Status.DRAFT,
        InputRound.Status.OPEN,
    ):
        raise ValidationError(_("A closed round can no longer be changed."), code="closed")
    themes = list(themes)
    if not themes:
        raise ValidationError(_("Choose at least one theme."), code="no_themes")
    if is_new:
        input_round.created_by = by
    input_round.full_clean(exclude=["created_by", "themes"])
    input_round.save()
    input_round.themes.set(themes)
    audit.record(
        actor=by,
        action="wellbeing.round_created" if is_new else "wellbeing.round_updated",
        target=input_round,
        themes=[theme.slug for theme in themes],
        deadline=input_round.deadline.isoformat(),
    )
    if input_round.status != InputRound.Status.DRAFT:
        data_changed()
    return input_round


@transaction.atomic
def open_round(*, input_round: InputRound, by: User) -> InputRound:
    """Let the associations answer; the deadline must still be ahead."""
    input_round = _locked_round(input_round)
    if input_round.status != InputRound.Status.DRAFT:
        raise ValidationError(_("Only a draft round can be opened."), code="not_draft")
    if input_round.deadline < timezone.localdate():
        raise ValidationError(
            _("The deadline has passed. Move the deadline before opening the round."),
            code="deadline_passed",
        )
    if not input_round.themes.exists():
        raise ValidationError(_("Choose at least one theme."), code="no_themes")
    input_round.status = InputRound.Status.OPEN
    input_round.opened_at = timezone.now()
    input_round.save(update_fields=["status", "opened_at"])
    audit.record(actor=by, action="wellbeing.round_opened", target=input_round)
    data_changed()
    return input_round


@transaction.atomic
def close_round(*, input_round: InputRound, by: User) -> InputRound:
    """Stop taking answers; drafts not sent stay with their associations, unread."""
    input_round = _locked_round(input_round)
    if input_round.status != InputRound.Status.OPEN:
        raise ValidationError(_("Only an open round can be closed."), code="not_open")
    input_round.status = InputRound.Status.CLOSED
    input_round.closed_at = timezone.now()
    input_round.save(update_fields=["status", "closed_at"])
    audit.record(actor=by, action="wellbeing.round_closed", target=input_round)
    data_changed()
    return input_round


@transaction.atomic
def publish_round(*, input_round: InputRound, summary: str, by: User) -> InputRound:
    """Publish (or correct) the summary of a closed round with its approved quotations."""
    input_round = _locked_round(input_round)
    if input_round.status not in (InputRound.Status.CLOSED, InputRound.Status.PUBLISHED):
        raise ValidationError(
            _("Close the round before publishing its summary."), code="not_closed"
        )
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("Write the summary before publishing it."), code="no_summary")
    was_published = input_round.status == InputRound.Status.PUBLISHED
    input_round.summary = summary
    input_round.status = InputRound.Status.PUBLISHED
    if not was_published:
        input_round.published_at = timezone.now()
    input_round.save(update_fields=["summary", "status", "published_at"])
    audit.record(
        actor=by,
        action="wellbeing.summary_updated" if was_published else "wellbeing.summary_published",
        target=input_round,
        quotations=Quotation.objects.filter(answer__round=input_round, is_approved=True).count(),
    )
    data_changed()
    return input_round


def answer_for(*, input_round: InputRound, association: Association) -> InputAnswer | None:
    return InputAnswer.objects.filter(round=input_round, association=association).first()


@transaction.atomic
def start_answer(*, input_round: InputRound, association: Association, by: User) -> InputAnswer:
    """The association's answer to the round: its draft, made now if there is none yet."""
    answer = answer_for(input_round=input_round, association=association)
    if answer is not None:
        return answer
    if not input_round.accepts_answers():
        raise ValidationError(_("The round does not take answers now."), code="not_open")
    try:
        # Two representatives may start at the same moment; the second gets the first's draft.
        with transaction.atomic():
            answer = InputAnswer.objects.create(
                round=input_round, association=association, updated_by=by
            )
    except IntegrityError:
        return InputAnswer.objects.get(round=input_round, association=association)
    audit.record(actor=by, action="wellbeing.answer_started", target=answer)
    data_changed()  # the readers' count of drafts
    return answer


def _locked_answer(answer: InputAnswer) -> InputAnswer:
    return (
        InputAnswer.objects.select_for_update(of=("self",))
        .select_related("round", "association")
        .get(pk=answer.pk)
    )


@transaction.atomic
def save_answer(
    *,
    answer: InputAnswer,
    data: dict,
    themes: Iterable[Theme],
    reached: dict[int, int],
    by: User,
) -> InputAnswer:
    """Keep the draft as it is now; `reached` maps target group ids to people reached."""
    locked = _locked_answer(answer)
    if locked.is_submitted:
        raise ValidationError(
            _("The answer has been sent; ask the liaison officer to return it to you."),
            code="submitted",
        )
    if not locked.round.accepts_answers():
        raise ValidationError(_("The round does not take answers now."), code="not_open")
    round_themes = set(locked.round.themes.values_list("pk", flat=True))
    themes = list(themes)
    if any(theme.pk not in round_themes for theme in themes):
        raise ValidationError(_("Choose themes of this round only."), code="theme")
    if any(count < 0 for count in reached.values()):
        raise ValidationError(_("The number of people cannot be negative."), code="negative")
    for name in ANSWER_FIELDS:
        if name in data:
            value = data[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.updated_by = by
    locked.full_clean(exclude=["round", "association", "updated_by", "themes"])
    locked.save()
    locked.themes.set(themes)
    valid_groups = set(TargetGroup.objects.filter(pk__in=reached).values_list("pk", flat=True))
    AnswerTargetGroup.objects.filter(answer=locked).exclude(target_group_id__in=reached).delete()
    for group_id, count in reached.items():
        if group_id in valid_groups:
            AnswerTargetGroup.objects.update_or_create(
                answer=locked, target_group_id=group_id, defaults={"people_reached": count}
            )
    audit.record(actor=by, action="wellbeing.answer_saved", target=locked)
    return locked


def missing_for_submission(answer: InputAnswer) -> list[str]:
    """What the answer still lacks before it can be sent, as sentences for the representative."""
    missing = []
    if not answer.themes.exists():
        missing.append(_("Choose at least one theme your work touches."))
    if not any(getattr(answer, name).strip() for name in TEXT_FIELDS):
        missing.append(_("Write at least one of the texts: needs, actions, proposals."))
    return missing


@transaction.atomic
def submit_answer(*, answer: InputAnswer, by: User) -> InputAnswer:
    """Send the association's answer to the liaison officer; it can no longer be changed."""
    locked = _locked_answer(answer)
    if locked.is_submitted:
        raise ValidationError(_("The answer has already been sent."), code="submitted")
    if not locked.round.accepts_answers():
        raise ValidationError(_("The round does not take answers now."), code="not_open")
    missing = missing_for_submission(locked)
    if missing:
        raise ValidationError([ValidationError(text, code="incomplete") for text in missing])
    locked.status = InputAnswer.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.updated_by = by
    locked.save(update_fields=["status", "submitted_at", "updated_by", "updated_at"])
    audit.record(actor=by, action="wellbeing.answer_submitted", target=locked)
    data_changed()
    return locked


@transaction.atomic
def reopen_answer(*, answer: InputAnswer, by: User) -> InputAnswer:
    """Return a sent answer to its association as a draft, while the round is open."""
    locked = _locked_answer(answer)
    if not locked.is_submitted:
        raise ValidationError(_("The answer is already a draft."), code="draft")
    if locked.round.status != InputRound.Status.OPEN:
        raise ValidationError(
            _("Answers can be returned only while the round is open."), code="not_open"
        )
    locked.status = InputAnswer.Status.DRAFT
    locked.submitted_at = None
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor=by, action="wellbeing.answer_reopened", target=locked)
    data_changed()
    return locked


def _check_quotation(answer: InputAnswer, text: str, theme: Theme | None) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("A quotation cannot be empty."), code="empty")
    if not answer.is_submitted:
        raise ValidationError(_("Quote sent answers only."), code="draft")
    if theme is not None and not answer.round.themes.filter(pk=theme.pk).exists():
        raise ValidationError(_("Choose a theme of this round."), code="theme")
    return text


@transaction.atomic
def add_quotation(
    *, answer: InputAnswer, text: str, theme: Theme | None, is_approved: bool, by: User
) -> Quotation:
    """Mark an excerpt of a sent answer for the report."""
    text = _check_quotation(answer, text, theme)
    quotation = Quotation(
        answer=answer, text=text, theme=theme, is_approved=is_approved, created_by=by
    )
    quotation.full_clean(exclude=["answer", "created_by", "theme"])
    quotation.save()
    audit.record(
        actor=by, action="wellbeing.quotation_marked", target=quotation, approved=is_approved
    )
    if answer.round.status == InputRound.Status.PUBLISHED:
        data_changed()
    return quotation


@transaction.atomic
def update_quotation(
    *, quotation: Quotation, text: str, theme: Theme | None, is_approved: bool, by: User
) -> Quotation:
    """Change a quotation's text, theme or whether the public summary shows it."""
    quotation.text = _check_quotation(quotation.answer, text, theme)
    quotation.theme = theme
    quotation.is_approved = is_approved
    quotation.full_clean(exclude=["answer", "created_by", "theme"])
    quotation.save(update_fields=["text", "theme", "is_approved"])
    audit.record(
        actor=by, action="wellbeing.quotation_changed", target=quotation, approved=is_approved
    )
    data_changed()
    return quotation


@transaction.atomic
def delete_quotation(*, quotation: Quotation, by: User) -> None:
    """Remove a quotation; the answer itself stays as it was sent."""
    audit.record(
        actor=by,
        action="wellbeing.quotation_removed",
        target=quotation.answer,
        text=quotation.text[:200],
    )
    quotation.delete()
    data_changed()


# The figures' statements, compiled once per worker (per language where they are ordered by
# a translated name) with the round put in place: portal.database.CompiledStatements.
FIGURES = CompiledStatements(size=32, prepared=True)


def _round(round_id):
    return InputRound.objects.filter(pk=round_id)


def _array(*columns, base) -> Func:
    """ARRAY[column, ...] of columns of one type."""
    return Func(*columns, template="ARRAY[%(expressions)s]", output_field=ArrayField(base))


# A theme's columns as the ORM reads them, for a theme that comes with its round as text.
THEME_FIELDS = tuple(Theme._meta.concrete_fields)


def _round_with_themes(round_id):
    # The themes in their usual order (by their names as the reader sees them), each as the
    # texts of its columns: one statement where prefetching them took a second one.
    themes = (
        Theme.objects.filter(input_rounds=OuterRef("pk"))
        .order_by("order", shown_name(), "pk")
        .values_list(
            _array(*(Cast(field.attname, TextField()) for field in THEME_FIELDS), base=TextField())
        )
    )
    return _round(round_id).annotate(theme_rows=ArraySubquery(themes))


def _themes_from_rows(input_round: InputRound) -> None:
    """Put the themes that came with the round where prefetch_related("themes") puts them."""
    themes = [
        Theme.from_db(
            "default",
            [field.attname for field in THEME_FIELDS],
            [
                None if value is None else field.to_python(value)
                for field, value in zip(THEME_FIELDS, row, strict=True)
            ],
        )
        for row in input_round.theme_rows  # type: ignore[attr-defined]
    ]
    del input_round.theme_rows  # type: ignore[attr-defined]
    prefetched = input_round.themes.get_queryset()
    prefetched._result_cache = themes  # type: ignore[attr-defined]
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    input_round._prefetched_objects_cache = {"themes": prefetched}  # type: ignore[attr-defined]


def round_by_pk(pk: int, *, with_themes: bool = False) -> InputRound | None:
    """The round with the key (from an address), its themes read with it as if prefetched when
    asked; None when there is none, or the key is out of the keys' range, as the ORM's lookup
    would find."""
    low, high = connection.ops.integer_field_range("BigAutoField")
    if not low <= pk <= high:
        return None
    if not with_themes:
        found = FIGURES.objects("round", _round, pk)
        return found[0] if found else None
    found = FIGURES.objects(
        ("round with themes", translation.get_language()), _round_with_themes, pk
    )
    if not found:
        return None
    _themes_from_rows(found[0])
    return found[0]


def _figures(round_id):
    """The round's counts over its answers as one row, with the sent answers per theme as
    [theme id, answers] and per target group as [group id, answers, people reached]. Grouped by
    the round, so that the counts come as one row like any other query's (none without
    answers)."""
    submitted = Q(status=InputAnswer.Status.SUBMITTED)
    # The round's id itself, not a reference to the outer row's: each runs once, not grouped.
    round_sent = {"round_id": round_id, "status": InputAnswer.Status.SUBMITTED}
    themes = (
        InputAnswer.themes.through.objects.filter(
            **{f"inputanswer__{name}": value for name, value in round_sent.items()}
        )
        .values("theme_id")
        .annotate(answers=Count("pk"))
        .order_by()
        .values_list(_array("theme_id", "answers", base=BigIntegerField()))
    )
    reached = (
        AnswerTargetGroup.objects.filter(
            **{f"answer__{name}": value for name, value in round_sent.items()}
        )
        .values("target_group_id")
        .annotate(answers=Count("pk"), people=Sum("people_reached"))
        .order_by()
        .values_list(_array("target_group_id", "answers", "people", base=BigIntegerField()))
    )
    return (
        InputAnswer.objects.filter(round_id=round_id)
        .values("round_id")
        .annotate(
            submitted=Count("pk", filter=submitted),
            drafts=Count("pk", filter=Q(status=InputAnswer.Status.DRAFT)),
            premises=Count("pk", filter=submitted & Q(needs_premises=True)),
            funding=Count("pk", filter=submitted & Q(needs_funding=True)),
            cooperation=Count("pk", filter=submitted & Q(needs_cooperation=True)),
            theme_counts=ArraySubquery(themes),
            reached=ArraySubquery(reached),
        )
        .order_by()
    )


def _groups(group_ids):
    return TargetGroup.objects.filter(pk__in=group_ids).order_by("order", shown_name(), "pk")


def _approved_quotations(round_id):
    return (
        Quotation.objects.filter(answer__round_id=round_id, is_approved=True)
        .select_related("theme", "answer__association")
        # The summary shows the text, the theme and the association's name: the wide rows of
        # the answer and the association would cost more to read than the query.
        .only("text", "theme", "answer__association__name")
        .order_by("theme__order", "theme__name", "pk")
    )


def approved_quotations(input_round: InputRound) -> list[Quotation]:
    """The round's approved quotations by theme, with their theme and association. Ordered by
    the themes' names as stored (the default language's), the same SQL in every language."""
    return FIGURES.objects("quotations", _approved_quotations, input_round.pk)


def round_figures(input_round: InputRound, groups: list[TargetGroup] | None = None) -> dict:
    """Answers per theme and per target group (with people reached), over the sent answers.

    The themes are the round's, read with it (round_by_pk's with_themes) or here; the target
    groups are taken from `groups` when given (every group, in their usual order, as the
    reading page's filter has them), else read. One query for the counts, and one for each
    of these not given, however many answers.
    """
    language = translation.get_language()
    [figures] = FIGURES.objects("figures", _figures, input_round.pk) or [
        {
            **dict.fromkeys(("submitted", "drafts", "premises", "funding", "cooperation"), 0),
            "theme_counts": [],
            "reached": [],
        }
    ]
    answers_per_theme = dict(figures["theme_counts"])
    themes = list(input_round.themes.all())
    for theme in themes:
        theme.answer_count = answers_per_theme.get(theme.pk, 0)  # type: ignore[attr-defined]
    reached = {group_id: (answers, people) for group_id, answers, people in figures["reached"]}
    if groups is None or not reached.keys() <= {group.pk for group in groups}:
        groups = FIGURES.objects(("groups", language), _groups, list(reached))
    groups = [group for group in groups if group.pk in reached]
    for group in groups:
        group.answer_count, group.people = reached[group.pk]  # type: ignore[attr-defined]
    return {
        "submitted": figures["submitted"],
        "drafts": figures["drafts"],
        "needs_premises": figures["premises"],
        "needs_funding": figures["funding"],
        "needs_cooperation": figures["cooperation"],
        "themes": themes,
        "target_groups": groups,
        "people": sum(people for _answers, people in reached.values()),
    }


# The officer's page of answers: its rows per filter and page, each with its card's details
# and the number of answers matching (bound on the client, as how many answers match changes
# with the filters), and the target groups to choose from, per language.
READING_PAGES = CompiledStatements(size=200)
READING = CompiledStatements(size=32, prepared=True)
CARD_FIELDS = (
    "status",
    "submitted_at",
    "observed_needs",
    "own_actions",
    "proposals",
    "needs_premises",
    "needs_funding",
    "needs_cooperation",
    "needs_text",
    "structures",
    "structures_other",
)
# Pages up to this one are read at once with their count; a number past it is counted first.
READ_AT_ONCE_PAGES = 1000
# What Paginator.validate_number makes of a number before comparing it with the count.
_ANY_NUMBER = Paginator(range(READ_AT_ONCE_PAGES * READING_PAGE_SIZE), READING_PAGE_SIZE)


class ReachedGroup(NamedTuple):
    """A target group an answer on the page reached (as AnswerTargetGroup, for its card)."""

    target_group: TargetGroup
    people_reached: int


def _count_of(queryset) -> Subquery:
    """How many rows the queryset finds, as a subquery that always gives one row."""
    return Subquery(
        queryset.order_by()
        .annotate(found=Func("pk", function="COUNT", output_field=BigIntegerField()))
        .values("found")
    )


def _matching(round_id, filters: dict):
    return InputAnswer.objects.filter(
        round_id=round_id, status=InputAnswer.Status.SUBMITTED
    ).filter(**filters)


def _reading_rows(round_id, filters: dict):
    """The sent answers matching the filters by their associations' names, each with what its
    card shows: the ids of its themes in their usual order (by their names as the reader sees
    them), its target groups reached as [group id, people] in theirs, its number of
    quotations, and how many answers match (one count for all, before the page is cut)."""
    answer = OuterRef("pk")
    return (
        _matching(round_id, filters)
        .select_related("association")
        # What a card shows; the association's wide row only for its name.
        .only(*CARD_FIELDS, "association__name")
        .annotate(
            matching=_count_of(_matching(round_id, filters)),
            theme_ids=ArraySubquery(
                Theme.objects.filter(answers=answer)
                .order_by("order", shown_name(), "pk")
                .values("pk")
            ),
            reached_rows=ArraySubquery(
                AnswerTargetGroup.objects.filter(answer=answer)
                .order_by("target_group__order", shown_name("target_group__"), "target_group")
                .values_list(_array("target_group_id", "people_reached", base=BigIntegerField()))
            ),
            quotation_count=_count_of(Quotation.objects.filter(answer=answer)),
        )
        .order_by("association__name", "pk")
    )


def reading_page(
    input_round: InputRound, theme: Theme | None, group: TargetGroup | None, number
) -> Page:
    """Page `number` of the round's sent answers, of one theme or target group when given, by
    the associations' names (Paginator.get_page's page for a number out of range), each with
    its card's details (reading_cards). One query, the count coming with the rows; a number
    past the last page (or below the first) is counted first and the page read again."""
    chosen = {"themes": theme, "reached_groups__target_group": group}
    lookups = tuple(lookup for lookup, value in chosen.items() if value is not None)
    values = (input_round.pk, *(chosen[lookup].pk for lookup in lookups))  # type: ignore[union-attr]
    language = translation.get_language()

    def rows_of(start: int) -> list:
        def rows(round_id, *ids):
            matching = _reading_rows(round_id, dict(zip(lookups, ids, strict=True)))
            return matching[start : start + READING_PAGE_SIZE]

        return READING_PAGES.objects(("page", lookups, language, start), rows, *values)

    try:
        wanted: int | None = _ANY_NUMBER.validate_number(number)
    except PageNotAnInteger:
        wanted = 1
    except EmptyPage:
        wanted = None
    if wanted is not None:
        rows = rows_of((wanted - 1) * READING_PAGE_SIZE)
        if rows or wanted == 1:
            matching = rows[0].matching if rows else 0
            page = Paginator(range(matching), READING_PAGE_SIZE).get_page(wanted)
            page.object_list = rows
            return page
    matching = READING_PAGES.count(
        ("count", lookups),
        lambda round_id, *ids: _matching(round_id, dict(zip(lookups, ids, strict=True))),
        *values,
    )
    page = Paginator(range(matching), READING_PAGE_SIZE).get_page(number)
    page.object_list = rows_of(cast(range, page.object_list).start)
    return page


def reading_groups() -> list[TargetGroup]:
    """Every target group, by name in the reader's language: the reading page's choices."""
    from wellbeing.forms import target_groups

    return READING.objects(("groups", translation.get_language()), target_groups)


def reading_cards(
    answers: list[InputAnswer], themes: Iterable[Theme], groups: Iterable[TargetGroup]
) -> list[tuple]:
    """(answer, its themes, its target groups reached, its number of quotations) for each of
    a page's answers (reading_page), the themes and groups found among the round's themes and
    every group; one read by key for any not among them (the round's themes changed after the
    answer was sent, or a group added since)."""
    themes_by_pk = {theme.pk: theme for theme in themes}
    groups_by_pk = {group.pk: group for group in groups}
    theme_ids = {pk for answer in answers for pk in answer.theme_ids}  # type: ignore[attr-defined]
    group_ids = {pk for answer in answers for pk, _people in answer.reached_rows}  # type: ignore[attr-defined]
    if not theme_ids <= themes_by_pk.keys():
        themes_by_pk.update((theme.pk, theme) for theme in Theme.objects.filter(pk__in=theme_ids))
    if not group_ids <= groups_by_pk.keys():
        groups_by_pk.update(
            (group.pk, group) for group in TargetGroup.objects.filter(pk__in=group_ids)
        )
    return [
        (
            answer,
            [themes_by_pk[pk] for pk in answer.theme_ids],  # type: ignore[attr-defined]
            [
                ReachedGroup(groups_by_pk[pk], people)
                for pk, people in answer.reached_rows  # type: ignore[attr-defined]
            ],
            answer.quotation_count,  # type: ignore[attr-defined]
        )
        for answer in answers
    ]


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _remind(input_round: InputRound, days_left: int) -> int:
    """Queue the reminder to every representative of an association without a sent answer."""
    from portal.tasks import send_email_task

    answered = input_round.answers.filter(status=InputAnswer.Status.SUBMITTED).values(
        "association_id"
    )
    memberships = (
        Membership.objects.approved()
        .filter(association__is_listed=True, user__is_active=True)
        .exclude(association_id__in=answered)
        .select_related("user", "association")
        .order_by("user_id", "association__name")
    )
    by_user: dict[int, tuple[User, list[Association]]] = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, (membership.user, []))[1].append(
            membership.association
        )
    for user, associations in by_user.values():
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "round": input_round,
                "days_left": days_left,
                "associations": associations,
                "answer_url": _site_url(reverse("wellbeing:round_list")),
                "municipality": settings.MUNICIPALITY_NAME,
            }
            subject = render_subject("wellbeing/email/round_reminder_subject.txt", context)
            body = render_text("wellbeing/email/round_reminder.txt", context)
        transaction.on_commit(
            partial(send_email_task.delay, subject=subject, body=body, to=[user.email])
        )
    return len(by_user)


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Send each open round's due reminder once; returns how many people were reminded.

    Only the nearest reminder is due: a round opened three days before its deadline gets the
    one-day reminder, not a late seven-day one as well. The sent reminder is kept as a row in
    the same transaction that queues the mail, so a rerun sends nothing.
    """
    today = today or timezone.localdate()
    reminded = 0
    for input_round in InputRound.objects.open_now(today):
        days_left = (input_round.deadline - today).days
        due = min((days for days in REMINDER_DAYS if days_left <= days), default=None)
        if due is None:
            continue
        with transaction.atomic():
            locked = (
                InputRound.objects.select_for_update(skip_locked=True)
                .filter(pk=input_round.pk)
                .first()
            )
            if locked is None or input_round.reminders.filter(days_before=due).exists():
                continue
            count = _remind(input_round, days_left)
            RoundReminder.objects.create(round=input_round, days_before=due, recipient_count=count)
            reminded += count
    return reminded
