"""E-mail subjects and text bodies show names as they are written; HTML bodies stay escaped."""

import re
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core import mail

from facilities.tasks import send_booking_message_task
from grants.tasks import send_application_receipt_task, send_reminder_task
from organizations.tasks import notify_officers_of_request_task, send_membership_decision_task
from tests.facilities.factories import BookingFactory
from tests.factories import AssociationFactory, MembershipFactory
from tests.grants.factories import GrantApplicationFactory

pytestmark = pytest.mark.django_db

NAME = 'Kylä & <Seura> "ry"'
ROUND = 'Kesä & <Juhla> "2026"'


@pytest.fixture
def tricky_association():
    return AssociationFactory(name=NAME)


def test_membership_decision_mail_shows_the_association_name_as_written(tricky_association):
    membership = MembershipFactory(association=tricky_association)

    send_membership_decision_task(membership.pk)

    message = mail.outbox[0]
    assert NAME in message.subject
    assert NAME in message.body


def test_waiting_request_mail_to_the_officer_shows_the_association_name_as_written(
    tricky_association, liaison_officer
):
    membership = MembershipFactory(association=tricky_association, pending=True)

    notify_officers_of_request_task(membership.pk)

    message = mail.outbox[0]
    assert NAME in message.subject
    assert NAME in message.body


@pytest.mark.parametrize("kind", ["receipt", "draft_reminder", "report_reminder"])
def test_grant_mails_show_the_association_and_round_as_written(tricky_association, kind):
    application = GrantApplicationFactory(
        association=tricky_association, grant_round__title=ROUND, submitted=True
    )

    if kind == "receipt":
        send_application_receipt_task(application.pk, application.created_by.pk)
    else:
        send_reminder_task(application.pk, kind)

    message = mail.outbox[0]
    assert ROUND in message.subject
    assert "&" in message.subject
    assert "&amp;" not in message.subject
    assert NAME in message.body
    assert ROUND in message.body


def test_booking_mail_shows_the_association_name_as_written(tricky_association):
    booking = BookingFactory(association=tricky_association, purpose='Kuoro & "<soitto>"')

    send_booking_message_task(booking.pk, "confirmed")

    message = mail.outbox[0]
    assert NAME in message.body
    assert 'Kuoro & "<soitto>"' in message.body


def test_account_mail_is_plain_text_in_subject_and_body_and_escaped_in_html(settings, tmp_path):
    templates = tmp_path / "account" / "email"
    templates.mkdir(parents=True)
    (templates / "greeting_subject.txt").write_text("Tervetuloa, {{ name }}\n")
    (templates / "greeting_message.txt").write_text("Hei {{ name }}!\n")
    (templates / "greeting_message.html").write_text("<p>Hei {{ name }}!</p>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    message = get_adapter().render_mail("account/email/greeting", "x@example.fi", {"name": NAME})

    assert message.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Tervetuloa, {NAME}"
    assert message.body == f"Hei {NAME}!"
    assert message.alternatives[0][0] == "<p>Hei Kylä &amp; &lt;Seura&gt; &quot;ry&quot;!</p>"


def test_text_mail_templates_are_rendered_only_through_portal_mail():
    # render_to_string escapes for HTML; a .txt mail rendered with it shows "&amp;" to people.
    pattern = re.compile(r"render_to_string\(\s*f?[\"'][^\"']*\.txt[\"']")
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR).glob("*/**/*.py")
        if not path.is_relative_to(Path(settings.BASE_DIR) / ".venv")
        and pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
