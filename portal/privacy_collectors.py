"""What the portal, the association register, grants and premises hold on one person.

Each collector reads its tables with one query per section, so an export costs the same number
of queries however much the person has done. Apps import lazily: an app that is not installed
is left out.
"""

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.audit import action_label
from portal.models import AccessLogEntry, AuditEvent, ErasureRequest, RoleGrant, User
from portal.privacy import Section, register, rows_of


def _with_action_labels(section: Section) -> Section:
    for row in section.rows:
        row["action"] = str(action_label(row["action"]))
    return section


def portal_data(user: User) -> list[Section]:
    from allauth.account.models import EmailAddress

    return [
        rows_of(
            "account",
            _("Account"),
            User.objects.filter(pk=user.pk),
            [
                "email",
                "first_name",
                "last_name",
                "preferred_language",
                "date_joined",
                "last_login",
                "is_active",
            ],
        ),
        rows_of(
            "email_addresses",
            _("E-mail addresses"),
            EmailAddress.objects.filter(user=user).order_by("email"),
            ["email", "verified", "primary"],
        ),
        rows_of(
            "roles",
            _("Municipal roles"),
            RoleGrant.objects.filter(user=user).order_by("granted_at"),
            ["role", "sector", "granted_at"],
        ),
        _with_action_labels(
            rows_of(
                "audit_events",
                _("Decisions and changes you made (audit log)"),
                AuditEvent.objects.filter(actor=user).order_by("created_at", "id"),
                ["created_at", "action", "target_repr"],
            )
        ),
        rows_of(
            "access_log",
            _("Views of your data by municipal staff (access log)"),
            AccessLogEntry.objects.filter(people__contains=[user.pk]).order_by("created_at", "id"),
            ["created_at", "what", "target_repr"],
        ),
        rows_of(
            "erasure_requests",
            _("Requests to be removed"),
            ErasureRequest.objects.filter(user=user).order_by("requested_at"),
            ["requested_at", "message", "status", "decided_at", "decision_reason"],
        ),
    ]


def portal_anonymise(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    RoleGrant.objects.filter(user=user).delete()
    user.erasure_requests.update(message="")


def organizations_data(user: User) -> list[Section]:
    from organizations.models import Association, Membership

    return [
        rows_of(
            "memberships",
            _("Representation of associations and requests to represent"),
            Membership.objects.filter(user=user).order_by("requested_at"),
            [
                "association__name",
                "role",
                "status",
                "message",
                "requested_at",
                "decided_at",
                "decision_reason",
            ],
        ),
        rows_of(
            "represented_associations",
            _("Contact details of the associations you represent"),
            Association.objects.filter(
                memberships__user=user, memberships__status=Membership.Status.APPROVED
            )
            .distinct()
            .order_by("name"),
            [
                "name",
                "contact_name",
                "contact_email",
                "contact_phone",
                "public_email",
                "public_phone",
                "postal_address",
            ],
        ),
    ]


def organizations_anonymise(user: User) -> None:
    """End the person's representation and clear association contacts given as theirs."""
    from organizations.models import Association, Membership

    Membership.objects.filter(
        user=user, status__in=[Membership.Status.PENDING, Membership.Status.APPROVED]
    ).update(status=Membership.Status.ENDED)
    Membership.objects.filter(user=user).update(message="")
    theirs = Q(contact_email__iexact=user.email)
    cleared = {"contact_name": "", "contact_email": "", "contact_phone": ""}
    Association.objects.filter(theirs).update(**cleared)
    # The register's history would otherwise still show them as the contact person.
    Association.history.filter(theirs).update(**cleared)


def grants_data(user: User) -> list[Section]:
    from grants.models import Attachment, GrantApplication, UseReport

    return [
        rows_of(
            "grant_applications",
            _("Grant applications you wrote"),
            GrantApplication.objects.filter(created_by=user).order_by("created_at"),
            [
                "association__name",
                "grant_round__title",
                "title",
                "status",
                "amount_requested",
                "created_at",
                "submitted_at",
            ],
        ),
        rows_of(
            "grant_use_reports",
            _("Use reports you submitted"),
            UseReport.objects.filter(submitted_by=user).order_by("pk"),
            ["application__title", "status", "submitted_at"],
        ),
        rows_of(
            "grant_attachments",
            _("Attachments you uploaded"),
            Attachment.objects.filter(uploaded_by=user).order_by("pk"),
            ["application__title", "original_name"],
        ),
    ]


def facilities_data(user: User) -> list[Section]:
    from facilities.models import Booking

    return [
        rows_of(
            "bookings",
            _("Bookings you made"),
            Booking.objects.filter(booked_by=user).order_by("starts_at"),
            [
                "space__name",
                "association__name",
                "starts_at",
                "ends_at",
                "purpose",
                "expected_participants",
                "status",
                "created_at",
            ],
        ),
    ]


register("portal", collect=portal_data, anonymise=portal_anonymise)
if apps.is_installed("organizations"):
    register("organizations", collect=organizations_data, anonymise=organizations_anonymise)
if apps.is_installed("grants"):
    register("grants", collect=grants_data)
if apps.is_installed("facilities"):
    register("facilities", collect=facilities_data)
