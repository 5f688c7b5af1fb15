"""Association evenings (yhdistysillat) and sectors' thematic meetings.

The liaison officer convenes an evening, the invitation goes to the contact e-mail of every
listed association in the audience, representatives answer, and after the evening the officer
publishes the minutes and records who came. Every function checks who acts and writes its rows
and the audit event in one transaction; e-mail leaves only after the rows are committed.

A sector's audience is the listed associations in the register categories of that sector
(SECTOR_CATEGORIES); an evening without a sector invites every listed association.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import AgendaItem, Evening, EveningInvitation
from events.permissions import can_answer, can_manage_evenings
from organizations.models import Association
from portal import audit
from portal.mail import render_subject, render_text
from portal.models import Sector, User

# The register's categories (organizations.Category slugs) whose associations each sector
# invites to its thematic meetings. The general sector reaches every listed association.
SECTOR_CATEGORIES: dict[str, tuple[str, ...]] = {
    Sector.CULTURE: ("kulttuuri", "harrastus"),
    Sector.SPORTS: ("urheilu",),
    Sector.YOUTH: ("nuoriso",),
    Sector.SOCIAL_HEALTH: ("sosiaali-ja-terveys", "elakelaiset", "monikulttuurisuus"),
    Sector.VILLAGE: ("kylatoiminta", "ymparisto", "turvallisuus"),
}
BATCH_SIZE = 50
REMINDER_BEFORE = timedelta(days=2)
PORTAL_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def audience(evening: Evening) -> QuerySet[Association]:
    """The associations an evening invites: every listed one, or those of its sector."""
    associations = Association.objects.listed()
    categories = SECTOR_CATEGORIES.get(evening.sector) if evening.sector else None
    if categories:
        associations = associations.filter(categories__slug__in=categories).distinct()
    return associations.order_by("name", "pk")


def _language(association: Association, user_languages: dict[str, str]) -> str:
    """The contact user's own language, or the association's first that the portal speaks."""
    email = association.contact_email.lower()
    if email in user_languages:
        return user_languages[email]
    for code in association.languages:
        if code in PORTAL_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


def _check_officer(by: User) -> None:
    if not can_manage_evenings(by):
        raise PermissionDenied(_("Only the liaison officer convenes association evenings."))


@transaction.atomic
def save_evening(*, evening: Evening, agenda: Iterable[AgendaItem], by: User) -> Evening:
    """Create or change an evening; its agenda is replaced by the given items, in order."""
    _check_officer(by)
    creating = evening.pk is None
    if creating:
        evening.created_by = by
    evening.full_clean()
    evening.save()
    evening.agenda_items.all().delete()
    items = list(agenda)
    for order, item in enumerate(items, start=1):
        item.evening = evening
        item.order = order
        item.full_clean(exclude=["evening"])
    AgendaItem.objects.bulk_create(items)
    action = "events.evening_created" if creating else "events.evening_updated"
    audit.record(actor=by, action=action, target=evening)
    return evening


@transaction.atomic
def send_invitations(*, evening: Evening, by: User) -> int:
    """Invite the audience's associations not yet invited; the mail goes out in batches.

    Running it again after new associations joined the register invites only those.
    """
    _check_officer(by)
    evening = Evening.objects.select_for_update().get(pk=evening.pk)
    if evening.has_started:
        raise ValidationError(
            _("The evening has already started; invitations can no longer be sent."),
            code="started",
        )
    invited = set(evening.invitations.values_list("association_id", flat=True))
    new = [association for association in audience(evening) if association.pk not in invited]
    emails = [association.contact_email.lower() for association in new if association.contact_email]
    user_languages = dict(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", "preferred_language")
    )
    EveningInvitation.objects.bulk_create(
        [
            EveningInvitation(
                evening=evening,
                association=association,
                email=association.contact_email,
                language=_language(association, user_languages),
            )
            for association in new
        ],
        ignore_conflicts=True,
    )
    if evening.invited_at is None:
        evening.invited_at = timezone.now()
        evening.save(update_fields=["invited_at", "updated_at"])
    audit.record(actor=by, action="events.evening_invited", target=evening, invited=len(new))
    from events.tasks import send_evening_invitations_task

    send_evening_invitations_task.delay_on_commit(evening.pk)
    return len(new)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _deliver(invitation: EveningInvitation, kind: str) -> None:
    """Render the invitation or reminder in the association's language and queue it."""
    from portal.tasks import send_email_task

    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        context = {
            "evening": invitation.evening,
            "agenda": list(invitation.evening.agenda_items.all()),
            "association": invitation.association,
            "invitation": invitation,
            "answer_url": _site_url(reverse("events:invitation_answer", args=[invitation.pk])),
            "evening_url": _site_url(invitation.evening.get_absolute_url()),
            "municipality": settings.MUNICIPALITY_NAME,
        }
        subject = render_subject(f"events/email/evening_{kind}_subject.txt", context)
        body = render_text(f"events/email/evening_{kind}.txt", context)
    transaction.on_commit(
        partial(send_email_task.delay, subject=subject, body=body, to=[invitation.email])
    )


@transaction.atomic
def send_invitation_batch(*, evening_id: int, size: int | None = None) -> int:
    """Send up to `size` unsent invitations of an evening; returns how many remain unsent.

    Each invitation is marked sent in the same transaction that queues its mail, with the rows
    locked, so that two runs of the task never send the same invitation twice.
    """
    size = size or BATCH_SIZE
    batch = list(
        EveningInvitation.objects.filter(evening_id=evening_id, sent_at__isnull=True)
        .exclude(email="")
        .select_related("evening", "evening__space__site", "association")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:size]
    )
    now = timezone.now()
    for invitation in batch:
        _deliver(invitation, "invitation")
        invitation.sent_at = now
    EveningInvitation.objects.bulk_update(batch, ["sent_at"])
    return (
        EveningInvitation.objects.filter(evening_id=evening_id, sent_at__isnull=True)
        .exclude(email="")
        .exclude(pk__in=[invitation.pk for invitation in batch])
        .count()
    )


@transaction.atomic
def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind, once, the invited associations that have not declined, two days before."""
    now = now or timezone.now()
    due = list(
        EveningInvitation.objects.filter(
            evening__starts_at__gt=now,
            evening__starts_at__lte=now + REMINDER_BEFORE,
            # An invitation sent within the last day needs no reminder yet.
            sent_at__lte=now - timedelta(days=1),
            reminded_at__isnull=True,
        )
        .exclude(is_attending=False)
        .select_related("evening", "evening__space__site", "association")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    for invitation in due:
        _deliver(invitation, "reminder")
        invitation.reminded_at = now
    EveningInvitation.objects.bulk_update(due, ["reminded_at"])
    return len(due)


@transaction.atomic
def answer_invitation(
    *,
    invitation: EveningInvitation,
    is_attending: bool,
    head_count: int,
    topics: str,
    by: User,
) -> EveningInvitation:
    """A representative says whether the association comes, how many, and what to discuss."""
    invitation = (
        EveningInvitation.objects.select_for_update(of=("self",))
        .select_related("evening")
        .get(pk=invitation.pk)
    )
    if not can_answer(by, invitation):
        if invitation.evening.has_started:
            raise ValidationError(
                _("The evening has started; the answer can no longer be changed."),
                code="started",
            )
        raise PermissionDenied(_("You cannot answer for this association."))
    if head_count < 0:
        raise ValidationError(_("The number of people cannot be negative."), code="negative")
    if is_attending and head_count < 1:
        raise ValidationError(_("Tell how many people are coming."), code="head_count")
    invitation.is_attending = is_attending
    invitation.head_count = head_count if is_attending else 0
    invitation.topics = topics.strip()
    invitation.answered_at = timezone.now()
    invitation.answered_by = by
    invitation.full_clean(exclude=["evening", "association", "answered_by"])
    invitation.save(
        update_fields=["is_attending", "head_count", "topics", "answered_at", "answered_by"]
    )
    audit.record(
        actor=by,
        action="events.evening_answered",
        target=invitation.evening,
        association=invitation.association_id,
        is_attending=is_attending,
        head_count=invitation.head_count,
    )
    return invitation


@transaction.atomic
def publish_minutes(
    *,
    evening: Evening,
    minutes: str,
    minutes_file: UploadedFile | None,
    attended: Collection[int],
    by: User,
) -> Evening:
    """After the evening: publish its minutes and record which invited associations came."""
    _check_officer(by)
    evening = Evening.objects.select_for_update().get(pk=evening.pk)
    if not evening.has_started:
        raise ValidationError(
            _("Minutes can be published once the evening has been held."), code="not_held"
        )
    evening.minutes = minutes.strip()
    if minutes_file is not None:
        evening.minutes_file = minutes_file
    if not evening.minutes and not evening.minutes_file:
        raise ValidationError(_("Write the minutes or attach them as a file."), code="empty")
    evening.minutes_published_at = evening.minutes_published_at or timezone.now()
    evening.full_clean()
    evening.save()
    invitations = evening.invitations.all()
    invitations.filter(association_id__in=attended).update(has_attended=True)
    invitations.exclude(association_id__in=attended).update(has_attended=False)
    audit.record(
        actor=by,
        action="events.evening_minutes_published",
        target=evening,
        attended=sorted(attended),
    )
    return evening


@dataclass(frozen=True)
class Answers:
    """The counts the officer sees above the list of answers."""

    invited: int
    answered: int
    attending: int
    not_attending: int
    people: int


def answer_counts(evening: Evening) -> Answers:
    """How the invited associations have answered, in one query."""
    figures = evening.invitations.aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=Q(is_attending__isnull=False)),
        attending=Count("pk", filter=Q(is_attending=True)),
        not_attending=Count("pk", filter=Q(is_attending=False)),
        people=Sum("head_count", filter=Q(is_attending=True), default=0),
    )
    return Answers(**figures)


def attendance_by_year(year: int) -> dict:
    """The association evenings held in a year and who came, for the council's summary."""
    evenings = list(
        Evening.objects.public()
        .filter(starts_at__year=year, starts_at__lte=timezone.now())
        .annotate(
            invited=Count("invitations"),
            attended=Count("invitations", filter=Q(invitations__has_attended=True)),
        )
        .order_by("starts_at")
    )
    attended = EveningInvitation.objects.filter(
        evening__in=[evening.pk for evening in evenings], has_attended=True
    )
    return {
        "year": year,
        "evenings": len(evenings),
        "thematic_meetings": sum(1 for evening in evenings if evening.sector),
        "attendances": sum(evening.attended for evening in evenings),
        "associations": attended.values("association_id").distinct().count(),
        "per_evening": [
            {
                "title": evening.title,
                "date": timezone.localtime(evening.starts_at).date(),
                "sector": evening.sector,
                "invited": evening.invited,
                "attended": evening.attended,
            }
            for evening in evenings
        ],
    }
