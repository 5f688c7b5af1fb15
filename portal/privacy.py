"""Personal-data rights: the export of one's own data, erasure on request, and retention.

Each app tells what it holds on a person through a collector registered here (and, when it
keeps personal fields that erasure must clear, an anonymiser). The portal's own collectors and
those of the apps that have none yet live in portal/privacy_collectors.py; any app may add its
own in `<app>/privacy.py`, which is imported by name like `<app>/schedule.py`.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, retention, roles
from portal.models import AccessLogEntry, ErasureRequest, InactivityWarning, RoleGrant, User

# Anonymised accounts get an address here; `.invalid` can never receive mail (RFC 2606).
ANONYMISED_EMAIL_DOMAIN = "poistettu.invalid"


@dataclass
class Section:
    """One table of the export: what the portal holds on the person in one place."""

    key: str
    title: str
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def labelled_rows(self) -> list[list[tuple[str, Any]]]:
        """Each row as (label, value) pairs, for the readable page."""
        return [[(label, row[key]) for key, label in self.columns] for row in self.rows]


@dataclass(frozen=True)
class Collector:
    collect: Callable[[User], list[Section]]
    anonymise: Callable[[User], None] | None = None


_collectors: dict[str, Collector] = {}


def register(
    name: str,
    *,
    collect: Callable[[User], list[Section]],
    anonymise: Callable[[User], None] | None = None,
) -> None:
    """Add an app's collector; `anonymise` clears the personal fields erasure must clear."""
    _collectors[name] = Collector(collect=collect, anonymise=anonymise)


@cache
def _discover() -> None:
    from portal import privacy_collectors  # noqa: F401  (registers the built-in collectors)

    for config in apps.get_app_configs():
        module = f"{config.name}.privacy"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise


def collectors() -> dict[str, Collector]:
    _discover()
    return dict(_collectors)


def rows_of(key: str, title: str, queryset: models.QuerySet, lookups: list[str]) -> Section:
    """A section from one query: a column per lookup, labelled with the model's field names.

    A lookup through a relation (`association__name`) is labelled with the relation's name; a
    field with choices shows its readable choice.
    """
    model = queryset.model
    columns = []
    displays: dict[str, dict] = {}
    for lookup in lookups:
        parts = lookup.split("__")
        first = model._meta.get_field(parts[0])
        last, related = first, first.related_model
        for part in parts[1:]:
            last = related._meta.get_field(part)  # type: ignore[union-attr]
            related = last.related_model
        columns.append((lookup, str(first.verbose_name)))  # type: ignore[union-attr]
        if getattr(last, "choices", None):
            displays[lookup] = {value: str(label) for value, label in last.flatchoices}  # type: ignore[union-attr]
    rows = []
    for values in queryset.values(*lookups):
        for lookup, choices in displays.items():
            values[lookup] = choices.get(values[lookup], values[lookup])
        rows.append(values)
    return Section(key=key, title=title, columns=columns, rows=rows)


def personal_data(user: User) -> list[Section]:
    """Everything the portal holds on the user, one section per table; queries per section."""
    sections: list[Section] = []
    for collector in collectors().values():
        sections.extend(collector.collect(user))
    return sections


def as_json(sections: list[Section]) -> dict[str, list[dict[str, Any]]]:
    return {section.key: section.rows for section in sections}


# Erasure


def is_anonymised(user: User) -> bool:
    return user.email.endswith(f"@{ANONYMISED_EMAIL_DOMAIN}")


def can_request_erasure(user) -> bool:
    return user.is_authenticated and not is_anonymised(user)


def can_decide_erasure_requests(user) -> bool:
    return roles.is_liaison_officer(user)


def can_decide_erasure_request(user, erasure_request: ErasureRequest) -> bool:
    """The liaison officer decides, but never on their own request."""
    return can_decide_erasure_requests(user) and erasure_request.user_id != user.pk


def pending_erasure_request(user: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()


@transaction.atomic
def request_erasure(*, by: User, message: str = "") -> ErasureRequest:
    """Ask the liaison officer to remove the person's data from the portal."""
    if not can_request_erasure(by):
        raise ValidationError(_("This account has already been removed."), code="anonymised")
    if ErasureRequest.objects.filter(user=by, status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError(_("You have already asked to be removed."), code="pending")
    erasure_request = ErasureRequest.objects.create(user=by, message=message)
    audit.record(actor=by, action="portal.erasure_requested", target=erasure_request)
    return erasure_request


def _lock_pending(erasure_request: ErasureRequest) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
    if locked.status != ErasureRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


@transaction.atomic
def confirm_erasure(*, erasure_request: ErasureRequest, by: User) -> ErasureRequest:
    """Anonymise the person who asked; the records the law requires stay, pointing at them."""
    locked = _lock_pending(erasure_request)
    if locked.user_id == by.pk:
        raise ValidationError(_("You cannot decide on your own request."), code="own_request")
    anonymise_user(user=locked.user, by=by)
    locked.status = ErasureRequest.Status.CONFIRMED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor=by, action="portal.erasure_confirmed", target=locked)
    return locked


@transaction.atomic
def refuse_erasure(*, erasure_request: ErasureRequest, by: User, reason: str) -> ErasureRequest:
    """Refuse the request, telling the person why (e.g. an open grant still needs them)."""
    if not reason.strip():
        raise ValidationError(_("A refusal needs a reason."), code="no_reason")
    locked = _lock_pending(erasure_request)
    if locked.user_id == by.pk:
        raise ValidationError(_("You cannot decide on your own request."), code="own_request")
    locked.status = ErasureRequest.Status.REFUSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(actor=by, action="portal.erasure_refused", target=locked, reason=reason.strip())
    return locked


def _end_sessions(user: User) -> None:
    """Delete the user's sessions; the changed password hash would end them on next use anyway."""
    user_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in stale:
        # Through the store, so that a copy in the cache ends too.
        store(session_key=session_key).delete()


@transaction.atomic
def anonymise_user(*, user: User, by: User | None) -> User:
    """Replace the person's personal fields, close the account and end its sessions.

    Rows that point at the user (applications, decisions, bookings, the audit log) stay and
    point at the anonymised account; each app's anonymiser clears the fields it keeps on them.
    """
    for collector in collectors().values():
        if collector.anonymise is not None:
            collector.anonymise(user)
    user.email = f"poistettu-{user.pk}@{ANONYMISED_EMAIL_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.preferred_language = "fi"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    _end_sessions(user)
    roles.forget(user)
    audit.record(actor=by, action="portal.person_anonymised", target=user)
    return user


# Retention


@dataclass
class RetentionResult:
    unverified_deleted: int = 0
    unverified_anonymised: int = 0
    inactive_warned: int = 0
    inactive_anonymised: int = 0
    access_log_deleted: int = 0


def _unverified_accounts(now):
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        get_user_model()
        .objects.filter(
            last_login__isnull=True,
            date_joined__lt=now - retention.UNVERIFIED_ACCOUNT,
            is_superuser=False,
            is_staff=False,
        )
        .exclude(Exists(verified))
        .exclude(Exists(RoleGrant.objects.filter(user=OuterRef("pk"))))
    )


def _inactive_accounts(now):
    """Active accounts unused for the period, with no municipal role and no association role."""
    from organizations.models import Membership

    return (
        get_user_model()
        .objects.annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(
            last_seen__lt=now - retention.INACTIVE_ACCOUNT,
            is_active=True,
            is_superuser=False,
            is_staff=False,
        )
        .exclude(Exists(RoleGrant.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(Membership.objects.approved().filter(user=OuterRef("pk"))))
        .exclude(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")
    )


def apply_retention() -> RetentionResult:
    """Delete or anonymise what has outlived its period in portal.retention; run daily."""
    from portal.tasks import send_inactivity_warning_task

    now = timezone.now()
    result = RetentionResult()

    for user in _unverified_accounts(now):
        with transaction.atomic():
            try:
                # A savepoint: a row that protects the user is rolled back, not half-deleted.
                with transaction.atomic():
                    user.delete()
                result.unverified_deleted += 1
            except (models.ProtectedError, models.RestrictedError):
                anonymise_user(user=user, by=None)
                result.unverified_anonymised += 1

    inactive = _inactive_accounts(now)
    warned_since_last_seen = InactivityWarning.objects.filter(
        user=OuterRef("pk"), warned_at__gt=OuterRef("last_seen")
    )
    for user in inactive.exclude(Exists(warned_since_last_seen)):
        with transaction.atomic():
            InactivityWarning.objects.update_or_create(user=user, defaults={"warned_at": now})
            audit.record(actor=None, action="portal.inactivity_warned", target=user)
            send_inactivity_warning_task.delay_on_commit(user.pk)
        result.inactive_warned += 1
    due = inactive.filter(
        Exists(
            warned_since_last_seen.filter(warned_at__lt=now - retention.INACTIVITY_WARNING_NOTICE)
        )
    )
    for user in due:
        anonymise_user(user=user, by=None)
        result.inactive_anonymised += 1

    # The database's clock decides, as the access log's trigger does.
    expired = AccessLogEntry.objects.filter(created_at__lt=Now() - retention.ACCESS_LOG)
    result.access_log_deleted, _by_model = expired.delete()
    if any(vars(result).values()):
        audit.record(actor=None, action="portal.retention_applied", **vars(result))
    return result


def inactive_account_deadline(warning: InactivityWarning):
    return warning.warned_at + retention.INACTIVITY_WARNING_NOTICE
