from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import AuditEvent
from tests.factories import AssociationFactory, MembershipFactory
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
    days,
)
from volunteering import services
from volunteering.models import Answer, Offer, ShareRequest, Task


def _new_task(association, **changes) -> Task:
    data = {
        "association": association,
        "title": "Kesäjuhlan järjestyksenvalvojat",
        "description": "Valvontaa juhlan ajan.",
        "category": Task.Category.EVENTS,
        "starts_on": days(7),
        "ends_on": days(7),
        "place": "Seurantalo",
        "people_needed": 3,
    }
    data.update(changes)
    return Task(**data)


def test_rep_of_a_verified_association_posts_a_task_and_the_decision_is_audited(
    association, association_rep
):
    task = services.save_task(task=_new_task(association), by=association_rep)

    assert Task.objects.public().filter(pk=task.pk).exists()
    assert task.created_by == association_rep
    assert AuditEvent.objects.filter(action="volunteering.task_posted", actor=association_rep)


def test_unverified_association_cannot_post_a_task(db):
    association = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=association).user

    with pytest.raises(PermissionDenied):
        services.save_task(task=_new_task(association), by=rep)

    assert not Task.objects.exists()


def test_rep_cannot_post_for_an_association_they_do_not_represent(
    other_association, association_rep
):
    with pytest.raises(PermissionDenied):
        services.save_task(task=_new_task(other_association), by=association_rep)

    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [(-3, 2, "starts_on"), (None, -1, "ends_on"), (5, 3, "ends_on"), (None, 2000, "ends_on")],
)
def test_a_task_with_past_or_disordered_or_far_dates_is_refused(
    association, association_rep, starts, ends, field
):
    task = _new_task(
        association,
        starts_on=days(starts) if starts is not None else None,
        ends_on=days(ends),
    )

    with pytest.raises(ValidationError) as error:
        services.save_task(task=task, by=association_rep)

    assert field in error.value.message_dict
    assert not Task.objects.exists()


def test_expired_task_leaves_the_public_list_by_its_date(association):
    open_task = TaskFactory(association=association, starts_on=None, ends_on=days(0))
    expired = TaskFactory(association=association, expired=True)
    closed = TaskFactory(association=association, closed=True)

    public = set(Task.objects.public())

    assert open_task in public
    assert expired not in public
    assert closed not in public


def test_resident_answers_and_the_association_and_the_resident_get_mail(
    association, django_capture_on_commit_callbacks
):
    task = TaskFactory(association=association)

    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_task(
            task=task, name="Anni", email="anni@example.fi", message="Tulen!", has_consented=True
        )

    assert answer.status == Answer.Status.PENDING
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([association.contact_email, "anni@example.fi"])
    # The association's contact is not in the resident's first mail.
    to_resident = next(m for m in mail.outbox if m.to == ["anni@example.fi"])
    assert association.contact_email not in to_resident.body
    assert association.contact_phone not in to_resident.body


def test_the_same_address_answers_a_task_only_once(association):
    task = TaskFactory(association=association)
    services.answer_task(task=task, name="Anni", email="anni@example.fi", has_consented=True)

    with pytest.raises(ValidationError) as error:
        services.answer_task(task=task, name="Anni", email="ANNI@example.fi", has_consented=True)

    assert "email" in error.value.message_dict
    assert task.answers.count() == 1


def test_an_expired_task_cannot_be_answered(association):
    task = TaskFactory(association=association, expired=True)

    with pytest.raises(ValidationError):
        services.answer_task(task=task, name="Anni", email="anni@example.fi", has_consented=True)

    assert not Answer.objects.exists()


def test_accepting_an_answer_sends_the_association_contact_to_the_resident(
    association, association_rep, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(task=TaskFactory(association=association), email="anni@example.fi")

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(answer=answer, by=association_rep)

    answer.refresh_from_db()
    assert answer.status == Answer.Status.ACCEPTED
    assert answer.decided_by == association_rep
    (message,) = mail.outbox
    assert message.to == ["anni@example.fi"]
    assert association.contact_email in message.body
    assert association.contact_phone in message.body
    assert AuditEvent.objects.filter(action="volunteering.answer_accepted").exists()


def test_declining_tells_the_resident_without_the_contact(
    association, association_rep, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(task=TaskFactory(association=association), email="anni@example.fi")

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_answer(answer=answer, by=association_rep)

    (message,) = mail.outbox
    assert message.to == ["anni@example.fi"]
    assert association.contact_email not in message.body
    assert AuditEvent.objects.filter(action="volunteering.answer_declined").exists()


def test_another_association_cannot_decide_an_answer(association, other_association_rep):
    answer = AnswerFactory(task=TaskFactory(association=association))

    with pytest.raises(PermissionDenied):
        services.accept_answer(answer=answer, by=other_association_rep)

    answer.refresh_from_db()
    assert answer.status == Answer.Status.PENDING


def test_an_answer_is_decided_once(association, association_rep):
    answer = AnswerFactory(task=TaskFactory(association=association))
    services.accept_answer(answer=answer, by=association_rep)

    with pytest.raises(ValidationError):
        services.decline_answer(answer=answer, by=association_rep)

    answer.refresh_from_db()
    assert answer.status == Answer.Status.ACCEPTED


def test_answers_are_deleted_a_year_after_the_task_ended(association):
    old = AnswerFactory(
        task=TaskFactory(association=association, starts_on=None, ends_on=days(-400))
    )
    recent = AnswerFactory(task=TaskFactory(association=association, expired=True))

    deleted = services.delete_old_answers()

    assert deleted == 1
    assert not Answer.objects.filter(pk=old.pk).exists()
    assert Answer.objects.filter(pk=recent.pk).exists()


def test_representative_requests_another_associations_tent_and_is_told_on_acceptance(
    association,
    association_rep,
    other_association,
    other_association_rep,
    django_capture_on_commit_callbacks,
):
    tent = OfferFactory(association=other_association, title="Juhlateltta")

    with django_capture_on_commit_callbacks(execute=True):
        share_request = services.request_offer(
            offer=tent,
            association=association,
            starts_on=days(10),
            ends_on=days(11),
            message="Kesäjuhlaan",
            by=association_rep,
        )
    assert [m.to for m in mail.outbox] == [[other_association.contact_email]]
    assert association.contact_email not in mail.outbox[0].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(share_request=share_request, accept=True, by=other_association_rep)

    share_request.refresh_from_db()
    assert share_request.status == ShareRequest.Status.ACCEPTED
    (message,) = mail.outbox
    assert set(message.to) == {association.contact_email, association_rep.email}
    assert other_association.contact_email in message.body
    assert AuditEvent.objects.filter(action="volunteering.request_accepted").exists()


def test_an_association_cannot_request_its_own_offer(association, association_rep):
    offer = OfferFactory(association=association)

    with pytest.raises(ValidationError):
        services.request_offer(
            offer=offer,
            association=association,
            starts_on=days(1),
            ends_on=days(2),
            by=association_rep,
        )

    assert not ShareRequest.objects.exists()


def test_an_unverified_association_cannot_request(db, other_association):
    unverified = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=unverified).user
    offer = OfferFactory(association=other_association)

    with pytest.raises(PermissionDenied):
        services.request_offer(
            offer=offer, association=unverified, starts_on=days(1), ends_on=days(2), by=rep
        )

    assert not ShareRequest.objects.exists()


def test_a_request_with_dates_out_of_order_is_refused(
    association, association_rep, other_association
):
    offer = OfferFactory(association=other_association)

    with pytest.raises(ValidationError):
        services.request_offer(
            offer=offer,
            association=association,
            starts_on=days(5),
            ends_on=days(3),
            by=association_rep,
        )

    assert not ShareRequest.objects.exists()


def test_only_the_offering_association_decides_and_marks_returned(
    association, association_rep, other_association, other_association_rep
):
    share_request = ShareRequestFactory(
        offer=OfferFactory(association=other_association), association=association
    )

    with pytest.raises(PermissionDenied):
        services.decide_request(share_request=share_request, accept=True, by=association_rep)
    services.decide_request(share_request=share_request, accept=True, by=other_association_rep)
    services.mark_returned(share_request=share_request, by=other_association_rep)

    share_request.refresh_from_db()
    assert share_request.status == ShareRequest.Status.RETURNED
    assert share_request.returned_at is not None


def test_a_qualification_is_reminded_once_before_it_lapses(
    association, django_capture_on_commit_callbacks
):
    card = OfferFactory(association=association, skill=True)
    OfferFactory(association=association, skill=True, qualification_expires_on=days(90))

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_qualification_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_qualification_reminders()

    assert (first, second) == (1, 0)
    (message,) = mail.outbox
    assert message.to == [association.contact_email]
    assert card.title in message.subject


def test_a_renewed_qualification_is_reminded_again_before_its_new_date(association):
    card = OfferFactory(association=association, skill=True)
    services.send_qualification_reminders()
    card.refresh_from_db()
    card.qualification_expires_on = days(20) + timedelta(days=5)
    card.save()

    assert services.send_qualification_reminders(today=days(10)) == 1


def test_rented_equipment_needs_a_price(association, association_rep):
    offer = Offer(
        association=association,
        kind=Offer.Kind.EQUIPMENT,
        title="Peräkärry",
        description="Kuomullinen.",
        terms=Offer.Terms.RENT,
        qualification_expires_on=days(10),
    )

    with pytest.raises(ValidationError):
        services.save_offer(offer=offer, by=association_rep)

    assert not Offer.objects.exists()
