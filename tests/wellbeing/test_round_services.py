from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from portal.models import AuditEvent
from tests.factories import AssociationFactory, MembershipFactory, TargetGroupFactory, UserFactory
from tests.wellbeing.round_factories import (
    InputAnswerFactory,
    InputRoundFactory,
    QuotationFactory,
    ReachedFactory,
    ThemeFactory,
)
from wellbeing import services
from wellbeing.models import InputAnswer, InputRound, RoundReminder
from wellbeing.schedule import BEAT_SCHEDULE
from wellbeing.tasks import remind_round_deadlines_task

pytestmark = pytest.mark.django_db


def test_officer_opens_a_draft_round_and_the_audit_log_says_so(liaison_officer):
    input_round = InputRoundFactory(draft=True)

    services.open_round(input_round=input_round, by=liaison_officer)

    input_round.refresh_from_db()
    assert input_round.status == InputRound.Status.OPEN
    assert AuditEvent.objects.filter(
        action="wellbeing.round_opened", actor=liaison_officer
    ).exists()


def test_a_round_whose_deadline_has_passed_cannot_be_opened(liaison_officer):
    today = timezone.localdate()
    input_round = InputRoundFactory(
        draft=True, opens_on=today - timedelta(days=30), deadline=today - timedelta(days=1)
    )

    with pytest.raises(ValidationError) as error:
        services.open_round(input_round=input_round, by=liaison_officer)

    assert error.value.code == "deadline_passed"
    input_round.refresh_from_db()
    assert input_round.status == InputRound.Status.DRAFT


def test_the_database_refuses_a_deadline_before_the_opening_day():
    today = timezone.localdate()

    with pytest.raises(IntegrityError):
        InputRoundFactory(opens_on=today, deadline=today - timedelta(days=1))


def test_an_association_answers_a_round_once_only(association):
    input_round = InputRoundFactory()
    InputAnswerFactory(round=input_round, association=association)

    with pytest.raises(IntegrityError):
        InputAnswerFactory(round=input_round, association=association)


def test_another_representative_goes_on_with_the_same_draft(association, association_rep):
    second_rep = MembershipFactory(association=association).user
    input_round = InputRoundFactory()
    theme = input_round.themes.first()
    group = TargetGroupFactory(slug="lapset", name="Lapset")

    first = services.start_answer(
        input_round=input_round, association=association, by=association_rep
    )
    services.save_answer(
        answer=first,
        data={"observed_needs": "Yksinäisyys lisääntyy."},
        themes=[theme],
        reached={group.pk: 25},
        by=association_rep,
    )
    again = services.start_answer(input_round=input_round, association=association, by=second_rep)
    services.save_answer(
        answer=again,
        data={"proposals": "Kylätalolle lisää vuoroja."},
        themes=[theme],
        reached={group.pk: 30},
        by=second_rep,
    )

    answer = InputAnswer.objects.get(round=input_round, association=association)
    assert again.pk == first.pk
    assert answer.observed_needs == "Yksinäisyys lisääntyy."
    assert answer.proposals == "Kylätalolle lisää vuoroja."
    assert answer.updated_by == second_rep
    assert [(row.target_group_id, row.people_reached) for row in answer.reached_groups.all()] == [
        (group.pk, 30)
    ]


def test_a_theme_of_another_round_is_refused_and_nothing_changes(association_rep, association):
    answer = InputAnswerFactory(draft=True, association=association)
    foreign = ThemeFactory(slug="muu-teema")

    with pytest.raises(ValidationError):
        services.save_answer(
            answer=answer,
            data={"own_actions": "Uusi teksti"},
            themes=[foreign],
            reached={},
            by=association_rep,
        )

    answer.refresh_from_db()
    assert answer.own_actions == "Kahvitupa kerran viikossa."


def test_an_empty_draft_cannot_be_sent(association_rep, association):
    answer = InputAnswerFactory(
        draft=True,
        association=association,
        themes=[],
        observed_needs="",
        own_actions="",
        proposals="",
    )

    with pytest.raises(ValidationError) as error:
        services.submit_answer(answer=answer, by=association_rep)

    assert [item.code for item in error.value.error_list] == ["incomplete", "incomplete"]
    answer.refresh_from_db()
    assert answer.status == InputAnswer.Status.DRAFT


def test_a_sent_answer_cannot_be_saved_again(association_rep, association):
    answer = InputAnswerFactory(association=association)

    with pytest.raises(ValidationError) as error:
        services.save_answer(
            answer=answer, data={"proposals": "Muutos"}, themes=[], reached={}, by=association_rep
        )

    assert error.value.code == "submitted"


def test_no_answer_after_the_deadline(association_rep, association):
    today = timezone.localdate()
    input_round = InputRoundFactory(
        opens_on=today - timedelta(days=20), deadline=today - timedelta(days=1)
    )
    answer = InputAnswerFactory(draft=True, round=input_round, association=association)

    with pytest.raises(ValidationError) as error:
        services.submit_answer(answer=answer, by=association_rep)

    assert error.value.code == "not_open"


def test_the_officer_returns_a_sent_answer_to_a_draft(liaison_officer):
    answer = InputAnswerFactory()

    services.reopen_answer(answer=answer, by=liaison_officer)

    answer.refresh_from_db()
    assert answer.status == InputAnswer.Status.DRAFT
    assert answer.submitted_at is None


def test_publishing_needs_a_closed_round_and_a_summary(liaison_officer):
    open_round = InputRoundFactory()
    closed = InputRoundFactory(closed=True)

    with pytest.raises(ValidationError):
        services.publish_round(input_round=open_round, summary="Teksti", by=liaison_officer)
    with pytest.raises(ValidationError):
        services.publish_round(input_round=closed, summary="   ", by=liaison_officer)
    services.publish_round(input_round=closed, summary="Yhteenveto", by=liaison_officer)

    closed.refresh_from_db()
    assert closed.status == InputRound.Status.PUBLISHED
    assert closed.published_at is not None


def test_a_draft_cannot_be_quoted(liaison_officer):
    answer = InputAnswerFactory(draft=True)

    with pytest.raises(ValidationError):
        services.add_quotation(
            answer=answer, text="Lainaus", theme=None, is_approved=True, by=liaison_officer
        )


def test_figures_count_sent_answers_per_theme_and_people_per_target_group():
    input_round = InputRoundFactory()
    loneliness = input_round.themes.get(slug="yksinaisyys")
    sport = input_round.themes.get(slug="liikunta")
    children = TargetGroupFactory(slug="lapset", name="Lapset", order=1)
    first = InputAnswerFactory(round=input_round, themes=[loneliness, sport])
    second = InputAnswerFactory(round=input_round, themes=[loneliness])
    draft = InputAnswerFactory(round=input_round, draft=True, themes=[sport])
    ReachedFactory(answer=first, target_group=children, people_reached=40)
    ReachedFactory(answer=second, target_group=children, people_reached=15)
    ReachedFactory(answer=draft, target_group=children, people_reached=1000)

    figures = services.round_figures(input_round)

    counts = {theme.slug: theme.answer_count for theme in figures["themes"]}
    assert counts == {"yksinaisyys": 2, "liikunta": 1}
    assert [
        (group.slug, group.answer_count, group.people) for group in figures["target_groups"]
    ] == [("lapset", 2, 55)]
    assert (figures["submitted"], figures["drafts"]) == (2, 1)


def _represented(association, language="fi"):
    return MembershipFactory(
        association=association, user=UserFactory(preferred_language=language)
    ).user


def test_reminder_goes_once_to_representatives_without_a_sent_answer(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    input_round = InputRoundFactory(deadline=today + timedelta(days=7))
    waiting, answered = AssociationFactory(), AssociationFactory()
    waiting_rep = _represented(waiting, "sv")
    _represented(answered)
    InputAnswerFactory(round=input_round, association=answered)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_due_reminders(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_due_reminders(today=today)

    assert (first, again) == (1, 0)
    assert [message.to for message in mail.outbox] == [[waiting_rep.email]]
    assert input_round.title in mail.outbox[0].subject
    assert waiting.name in mail.outbox[0].body
    assert answered.name not in mail.outbox[0].body
    assert RoundReminder.objects.get(round=input_round).days_before == 7


def test_only_the_nearest_reminder_is_sent_when_a_round_opens_late(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    input_round = InputRoundFactory(deadline=today + timedelta(days=1))
    _represented(AssociationFactory())

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(today=today)

    assert list(input_round.reminders.values_list("days_before", flat=True)) == [1]
    assert len(mail.outbox) == 1


def test_no_reminder_weeks_before_the_deadline_or_for_a_draft_round():
    today = timezone.localdate()
    InputRoundFactory(deadline=today + timedelta(days=20))
    InputRoundFactory(draft=True, deadline=today + timedelta(days=1))
    _represented(AssociationFactory())

    assert services.send_due_reminders(today=today) == 0
    assert not RoundReminder.objects.exists()


def test_deleting_a_quotation_keeps_the_answer(liaison_officer):
    quotation = QuotationFactory()
    answer = quotation.answer

    services.delete_quotation(quotation=quotation, by=liaison_officer)

    assert InputAnswer.objects.filter(pk=answer.pk).exists()
    assert not answer.quotations.exists()


def test_the_beat_task_is_scheduled_daily_and_sends_the_due_reminders(
    django_capture_on_commit_callbacks,
):
    InputRoundFactory(deadline=timezone.localdate() + timedelta(days=1))
    _represented(AssociationFactory())

    with django_capture_on_commit_callbacks(execute=True):
        remind_round_deadlines_task.delay()

    assert (
        BEAT_SCHEDULE["wellbeing-remind-round-deadlines"]["task"]
        == remind_round_deadlines_task.name
    )
    assert len(mail.outbox) == 1
