from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal import audit, retention
from portal.celery import app as celery_app
from portal.models import AccessLogEntry, AuditEvent, InactivityWarning, RoleGrant, User
from portal.privacy import apply_retention
from portal.schedule import BEAT_SCHEDULE
from portal.tasks import apply_retention_task
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def _unverified(age: timedelta) -> User:
    user = UserFactory(date_joined=timezone.now() - age)
    user.emailaddress_set.update(verified=False)
    return user


def _inactive(age: timedelta) -> User:
    return UserFactory(
        last_login=timezone.now() - age,
        date_joined=timezone.now() - 2 * age,
        preferred_language="en",
    )


def _exists(user: User) -> bool:
    return User.objects.filter(pk=user.pk).exists()


# Unverified accounts that never logged in


def test_unverified_account_just_past_its_period_is_deleted():
    user = _unverified(retention.UNVERIFIED_ACCOUNT + HOUR)

    result = apply_retention()

    assert not _exists(user)
    assert result.unverified_deleted == 1


def test_unverified_account_just_inside_its_period_is_kept():
    user = _unverified(retention.UNVERIFIED_ACCOUNT - HOUR)

    apply_retention()

    assert _exists(user)


def test_old_verified_account_that_never_logged_in_is_not_deleted_as_unverified():
    user = UserFactory(date_joined=timezone.now() - retention.UNVERIFIED_ACCOUNT - HOUR)

    apply_retention()

    assert _exists(user)


def test_unverified_account_with_a_municipal_role_is_kept():
    user = _unverified(retention.UNVERIFIED_ACCOUNT + HOUR)
    RoleGrant.objects.create(user=user, role=RoleGrant.Role.COUNCIL_MEMBER)

    apply_retention()

    assert _exists(user)


def test_unverified_account_that_the_audit_log_names_is_anonymised_instead():
    user = _unverified(retention.UNVERIFIED_ACCOUNT + HOUR)
    event = audit.record(actor=user, action="x.done")

    result = apply_retention()

    user.refresh_from_db()
    assert not user.is_active
    assert user.email.endswith("@poistettu.invalid")
    assert AuditEvent.objects.get(pk=event.pk).actor == user
    assert result.unverified_anonymised == 1


# Inactive accounts: a warning, then anonymisation


def test_account_just_past_the_inactivity_period_is_warned_by_email(
    django_capture_on_commit_callbacks,
):
    user = _inactive(retention.INACTIVE_ACCOUNT + HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        result = apply_retention()

    assert result.inactive_warned == 1
    assert InactivityWarning.objects.filter(user=user).exists()
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "log in" in mail.outbox[0].body
    user.refresh_from_db()
    assert user.is_active


def test_account_just_inside_the_inactivity_period_is_not_warned(
    django_capture_on_commit_callbacks,
):
    user = _inactive(retention.INACTIVE_ACCOUNT - HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention()

    assert not InactivityWarning.objects.filter(user=user).exists()
    assert mail.outbox == []


def test_inactive_account_is_warned_only_once(django_capture_on_commit_callbacks):
    _inactive(retention.INACTIVE_ACCOUNT + HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention()
        apply_retention()

    assert len(mail.outbox) == 1


def test_inactive_representative_of_an_association_is_not_warned():
    user = _inactive(retention.INACTIVE_ACCOUNT + HOUR)
    MembershipFactory(user=user)

    apply_retention()

    assert not InactivityWarning.objects.filter(user=user).exists()


def test_warned_account_just_past_the_notice_is_anonymised():
    user = _inactive(retention.INACTIVE_ACCOUNT + retention.INACTIVITY_WARNING_NOTICE + HOUR)
    InactivityWarning.objects.create(
        user=user, warned_at=timezone.now() - retention.INACTIVITY_WARNING_NOTICE - HOUR
    )

    result = apply_retention()

    user.refresh_from_db()
    assert result.inactive_anonymised == 1
    assert not user.is_active
    assert user.email.endswith("@poistettu.invalid")


def test_warned_account_just_inside_the_notice_is_kept():
    user = _inactive(retention.INACTIVE_ACCOUNT + retention.INACTIVITY_WARNING_NOTICE + HOUR)
    InactivityWarning.objects.create(
        user=user, warned_at=timezone.now() - retention.INACTIVITY_WARNING_NOTICE + HOUR
    )

    apply_retention()

    user.refresh_from_db()
    assert user.is_active


def test_logging_in_after_the_warning_keeps_the_account():
    user = UserFactory(
        last_login=timezone.now() - timedelta(days=1),
        date_joined=timezone.now() - 2 * retention.INACTIVE_ACCOUNT,
    )
    InactivityWarning.objects.create(
        user=user, warned_at=timezone.now() - retention.INACTIVITY_WARNING_NOTICE - HOUR
    )

    apply_retention()

    user.refresh_from_db()
    assert user.is_active


# The access log


def test_access_log_entry_just_past_its_period_is_deleted_and_one_inside_kept(liaison_officer):
    now = timezone.now()
    inside = AccessLogEntry.objects.create(
        actor=liaison_officer, what="x", created_at=now - retention.ACCESS_LOG + HOUR
    )
    AccessLogEntry.objects.create(
        actor=liaison_officer, what="x", created_at=now - retention.ACCESS_LOG - HOUR
    )

    result = apply_retention()

    assert result.access_log_deleted == 1
    assert list(AccessLogEntry.objects.all()) == [inside]


def test_retention_run_is_audit_logged_with_its_counts():
    _unverified(retention.UNVERIFIED_ACCOUNT + HOUR)

    apply_retention()

    event = AuditEvent.objects.get(action="portal.retention_applied")
    assert event.data["unverified_deleted"] == 1


def test_retention_runs_daily_from_the_beat_schedule():
    entry = BEAT_SCHEDULE["portal-apply-retention"]

    assert entry["task"] == apply_retention_task.name
    assert apply_retention_task.name in celery_app.tasks
