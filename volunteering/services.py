"""Posting volunteer tasks and answering them; offering, requesting and lending among associations.

Every function checks who acts, writes its rows and the audit event in one transaction, and
sends its e-mail only after the rows are committed. A resident's or a requesting association's
contact details travel only in the e-mail and pages that follow an acceptance.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Association
from portal import audit
from portal.mail import render_subject, render_text
from portal.models import User
from volunteering import permissions
from volunteering.caching import data_changed
from volunteering.models import Answer, Offer, ShareRequest, Task

# A skill's qualification is reminded of this long before it lapses.
REMINDER_BEFORE = timedelta(days=30)
# Answers to a task are personal data: they are deleted this long after the task's last day.
ANSWER_RETENTION = timedelta(days=365)
# How far ahead a task or a request may reach: further off is more likely a typing error.
LONGEST_AHEAD = timedelta(days=3 * 365)


@dataclass(frozen=True)
class Contact:
    """Whom to reach at an association: its contact person, else its public address."""

    name: str
    email: str
    phone: str


def contact_of(association: Association) -> Contact:
    return Contact(
        name=association.contact_name or association.name,
        email=association.contact_email or association.public_email,
        phone=association.contact_phone or association.public_phone,
    )


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(kind: str, context: dict, to: list[str], language: str | None = None) -> None:
    """Render templates/volunteering/email/<kind>(_subject).txt and send it after the commit."""
    from portal.tasks import send_email_task

    to = [address for address in to if address]
    if not to:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**context, "municipality": settings.MUNICIPALITY_NAME}
        subject = render_subject(f"volunteering/email/{kind}_subject.txt", context)
        body = render_text(f"volunteering/email/{kind}.txt", context)
    transaction.on_commit(partial(send_email_task.delay, subject=subject, body=body, to=to))


def _check_dates(starts_on: date | None, ends_on: date, *, creating: bool) -> None:
    today = timezone.localdate()
    if creating and ends_on < today:
        raise ValidationError({"ends_on": _("The last day has already passed.")}, code="past")
    if creating and starts_on is not None and starts_on < today:
        raise ValidationError({"starts_on": _("The first day has already passed.")}, code="past")
    if starts_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The last day cannot be before the first day.")}, code="order"
        )
    if ends_on > today + LONGEST_AHEAD:
        raise ValidationError(
            {"ends_on": _("The last day can be at most three years ahead.")}, code="far"
        )


# Volunteer tasks


@transaction.atomic
def save_task(*, task: Task, by: User) -> Task:
    """Post a new task or save changes to one; the association must be verified and listed."""
    creating = task.pk is None
    if not permissions.can_post_for(by, task.association):
        raise PermissionDenied(_("You cannot post tasks for this association."))
    if not creating:
        previous = Task.objects.select_for_update().get(pk=task.pk)
        if previous.association_id != task.association_id:
            raise PermissionDenied(_("A task cannot move to another association."))
    _check_dates(task.starts_on, task.ends_on, creating=creating)
    if creating:
        task.created_by = by
    task.full_clean()
    task.save()
    data_changed()
    audit.record(
        actor=by,
        action="volunteering.task_posted" if creating else "volunteering.task_updated",
        target=task,
    )
    return task


@transaction.atomic
def close_task(*, task: Task, by: User) -> Task:
    """Take a task off the public list before its last day; its answers stay."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("You cannot close this task."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.CLOSED:
        raise ValidationError(_("The task is already closed."), code="closed")
    task.status = Task.Status.CLOSED
    task.save(update_fields=["status", "updated_at"])
    data_changed()
    audit.record(actor=by, action="volunteering.task_closed", target=task)
    return task


@transaction.atomic
def answer_task(
    *,
    task: Task,
    name: str,
    email: str,
    phone: str = "",
    message: str = "",
    has_consented: bool,
    user: User | None = None,
) -> Answer:
    """A resident answers an open task; the association is told that an answer came."""
    task = (
        Task.objects.select_related("association").select_for_update(of=("self",)).get(pk=task.pk)
    )
    if not task.is_open:
        raise ValidationError(_("The task is no longer open for answers."), code="not_open")
    if not has_consented:
        raise ValidationError(
            {"has_consented": _("The answer can be sent only with consent.")}, code="consent"
        )
    answer = Answer(
        task=task,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        message=message.strip(),
        has_consented=True,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        user=user if user is not None and user.is_authenticated else None,
    )
    answer.full_clean(exclude=["task"], validate_constraints=False)
    if task.answers.filter(email__iexact=answer.email).exists():
        raise ValidationError(
            {"email": _("An answer from this e-mail address was already sent.")}, code="twice"
        )
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("An answer from this e-mail address was already sent.")}, code="twice"
        ) from error
    audit.record(actor=answer.user, action="volunteering.task_answered", target=answer)
    context = {
        "task": task,
        "answer": answer,
        "answers_url": _site_url(reverse("volunteering:task_answers", args=[task.pk])),
        "status_url": _site_url(answer.get_absolute_url()),
    }
    _mail("answer_received", context, [contact_of(task.association).email])
    _mail("answer_sent", context, [answer.email], answer.language)
    return answer


def _pending_answer(answer: Answer, by: User) -> Answer:
    locked = (
        Answer.objects.select_related("task", "task__association")
        .select_for_update(of=("self",))
        .get(pk=answer.pk)
    )
    if not permissions.can_manage_task(by, locked.task):
        raise PermissionDenied(_("You cannot decide on this answer."))
    if locked.status != Answer.Status.PENDING:
        raise ValidationError(_("This answer has already been decided."), code="decided")
    return locked


def _decide_answer(answer: Answer, by: User, status: str) -> Answer:
    answer = _pending_answer(answer, by)
    answer.status = status
    answer.decided_by = by
    answer.decided_at = timezone.now()
    answer.save(update_fields=["status", "decided_by", "decided_at"])
    accepted = status == Answer.Status.ACCEPTED
    audit.record(
        actor=by,
        action="volunteering.answer_accepted" if accepted else "volunteering.answer_declined",
        target=answer,
    )
    context = {
        "task": answer.task,
        "answer": answer,
        "association": answer.task.association,
        "contact": contact_of(answer.task.association) if accepted else None,
        "status_url": _site_url(answer.get_absolute_url()),
        "tasks_url": _site_url(reverse("volunteering:task_list")),
    }
    _mail(
        "answer_accepted" if accepted else "answer_declined",
        context,
        [answer.email],
        answer.language,
    )
    return answer


@transaction.atomic
def accept_answer(*, answer: Answer, by: User) -> Answer:
    """Accept a resident: they get the association's contact details by e-mail and page."""
    return _decide_answer(answer, by, Answer.Status.ACCEPTED)


@transaction.atomic
def decline_answer(*, answer: Answer, by: User) -> Answer:
    """Decline a resident politely; they keep no contact details."""
    return _decide_answer(answer, by, Answer.Status.DECLINED)


@transaction.atomic
def delete_old_answers(*, today: date | None = None) -> int:
    """Delete the answers of tasks whose last day is ANSWER_RETENTION behind; run daily."""
    today = today or timezone.localdate()
    deleted, _by_model = Answer.objects.filter(task__ends_on__lt=today - ANSWER_RETENTION).delete()
    if deleted:
        audit.record(actor=None, action="volunteering.answers_deleted", deleted=deleted)
    return deleted


# Sharing among associations


@transaction.atomic
def save_offer(*, offer: Offer, by: User) -> Offer:
    """List or change what an association lends, rents or does for others."""
    creating = offer.pk is None
    if not permissions.can_post_for(by, offer.association):
        raise PermissionDenied(_("You cannot offer things for this association."))
    if not creating:
        previous = Offer.objects.select_for_update().get(pk=offer.pk)
        if previous.association_id != offer.association_id:
            raise PermissionDenied(_("An offer cannot move to another association."))
    if offer.kind != Offer.Kind.SKILL:
        offer.qualification_expires_on = None
    if offer.terms != Offer.Terms.RENT and not offer.price_text.strip():
        offer.price_text = ""
    if creating:
        offer.created_by = by
    offer.full_clean()
    offer.save()
    data_changed()
    audit.record(
        actor=by,
        action="volunteering.offer_created" if creating else "volunteering.offer_updated",
        target=offer,
    )
    return offer


@transaction.atomic
def request_offer(
    *,
    offer: Offer,
    association: Association,
    starts_on: date,
    ends_on: date,
    message: str = "",
    by: User,
) -> ShareRequest:
    """Ask for another association's offer on given days; its representatives are told."""
    offer = Offer.objects.select_related("association").get(pk=offer.pk)
    if association.pk == offer.association_id:
        raise ValidationError(
            {"association": _("An association cannot ask for its own offer.")}, code="own"
        )
    if not permissions.can_post_for(by, association):
        raise PermissionDenied(_("You cannot ask on behalf of this association."))
    if not offer.is_active:
        raise ValidationError(_("This offer is not available now."), code="inactive")
    _check_dates(starts_on, ends_on, creating=True)
    share_request = ShareRequest(
        offer=offer,
        association=association,
        requested_by=by,
        starts_on=starts_on,
        ends_on=ends_on,
        message=message.strip(),
    )
    share_request.full_clean()
    share_request.save()
    audit.record(actor=by, action="volunteering.request_sent", target=share_request)
    _mail(
        "request_received",
        {
            "share_request": share_request,
            "url": _site_url(share_request.get_absolute_url()),
        },
        [contact_of(offer.association).email],
    )
    return share_request


def _locked_request(share_request: ShareRequest, by: User) -> ShareRequest:
    locked = (
        ShareRequest.objects.select_related("offer", "offer__association", "association")
        .select_for_update(of=("self",))
        .get(pk=share_request.pk)
    )
    if not permissions.can_decide_request(by, locked):
        raise PermissionDenied(_("Only the offering association answers this request."))
    return locked


def _tell_requester(share_request: ShareRequest, kind: str) -> None:
    requester = share_request.requested_by
    _mail(
        kind,
        {
            "share_request": share_request,
            "contact": (
                contact_of(share_request.offer.association) if kind == "request_accepted" else None
            ),
            "url": _site_url(share_request.get_absolute_url()),
        },
        [contact_of(share_request.association).email, requester.email if requester else ""],
        requester.preferred_language if requester else None,
    )


@transaction.atomic
def decide_request(*, share_request: ShareRequest, accept: bool, by: User) -> ShareRequest:
    """Accept (the associations then see each other's contact) or decline a pending request."""
    share_request = _locked_request(share_request, by)
    if share_request.status != ShareRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="decided")
    share_request.status = ShareRequest.Status.ACCEPTED if accept else ShareRequest.Status.DECLINED
    share_request.decided_by = by
    share_request.decided_at = timezone.now()
    share_request.save(update_fields=["status", "decided_by", "decided_at"])
    action = "volunteering.request_accepted" if accept else "volunteering.request_declined"
    audit.record(actor=by, action=action, target=share_request)
    _tell_requester(share_request, "request_accepted" if accept else "request_declined")
    return share_request


@transaction.atomic
def mark_returned(*, share_request: ShareRequest, by: User) -> ShareRequest:
    """The offering association records that what it lent came back."""
    share_request = _locked_request(share_request, by)
    if share_request.status != ShareRequest.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted request can be marked returned."), code="state")
    share_request.status = ShareRequest.Status.RETURNED
    share_request.returned_at = timezone.now()
    share_request.save(update_fields=["status", "returned_at"])
    audit.record(actor=by, action="volunteering.request_returned", target=share_request)
    return share_request


@transaction.atomic
def send_qualification_reminders(*, today: date | None = None) -> int:
    """Remind each association, once per expiry date, of a qualification about to lapse."""
    today = today or timezone.localdate()
    due = list(
        Offer.objects.filter(
            kind=Offer.Kind.SKILL,
            qualification_expires_on__gte=today,
            qualification_expires_on__lte=today + REMINDER_BEFORE,
        )
        .exclude(reminded_for=F("qualification_expires_on"))
        .select_related("association")
        .select_for_update(of=("self",), skip_locked=True)
    )
    for offer in due:
        _mail(
            "qualification_reminder",
            {
                "offer": offer,
                "edit_url": _site_url(reverse("volunteering:offer_edit", args=[offer.pk])),
            },
            [contact_of(offer.association).email],
        )
        offer.reminded_for = offer.qualification_expires_on
    Offer.objects.bulk_update(due, ["reminded_for"])
    return len(due)
