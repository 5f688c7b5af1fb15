"""Association agents helping with applications: an association invites, and withdraws."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import AGENT_INVITATION_MAX_DAYS, AgentInvitation, GrantApplication
from grants.permissions import can_invite_agent
from organizations.models import Association
from portal import audit, roles
from portal.models import User


@transaction.atomic
def invite_agent(
    *,
    association: Association,
    agent: User,
    by: User,
    application: GrantApplication | None = None,
    valid_until: date | None = None,
    message: str = "",
) -> AgentInvitation:
    """Ask an agent to help with one draft, or with all the association's drafts until a date."""
    if not can_invite_agent(by, association):
        raise PermissionDenied
    if not roles.is_association_agent(agent):
        raise ValidationError(_("Choose one of the portal's association agents."), code="not_agent")
    if application is not None:
        if application.association_id != association.pk:
            raise ValidationError(
                _("The application is not this association's."), code="other_association"
            )
        if application.status != GrantApplication.Status.DRAFT:
            raise ValidationError(
                _("An agent helps with drafts only; this application has been sent."),
                code="not_draft",
            )
        valid_until = None
    elif valid_until is None:
        raise ValidationError(
            _("Choose one application, or a date until which the agent may help."),
            code="no_scope",
        )
    else:
        today = timezone.localdate()
        if not today <= valid_until <= today + timedelta(days=AGENT_INVITATION_MAX_DAYS):
            raise ValidationError(
                _("The date must be between today and a year from now."), code="bad_period"
            )
    existing = AgentInvitation.objects.active().filter(
        association=association, agent=agent, application=application
    )
    if existing.exists():
        raise ValidationError(
            _("This agent has already been invited to help with it."), code="already_invited"
        )
    invitation = AgentInvitation.objects.create(
        association=association,
        agent=agent,
        application=application,
        valid_until=valid_until,
        message=message,
        invited_by=by,
    )
    audit.record(
        actor=by,
        action="grants.agent_invited",
        target=invitation,
        association=association.pk,
        agent=agent.pk,
        application=application.pk if application else None,
        valid_until=valid_until.isoformat() if valid_until else None,
    )
    return invitation


@transaction.atomic
def withdraw_agent_invitation(*, invitation: AgentInvitation, by: User) -> AgentInvitation:
    """End the agent's access at once; the invitation stays on record."""
    invitation = AgentInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_invite_agent(by, invitation.association_id):
        raise PermissionDenied
    if invitation.withdrawn_at is not None:
        raise ValidationError(
            _("The invitation has already been withdrawn."), code="already_withdrawn"
        )
    invitation.withdrawn_at = timezone.now()
    invitation.withdrawn_by = by
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        actor=by,
        action="grants.agent_invitation_withdrawn",
        target=invitation,
        association=invitation.association_id,
        agent=invitation.agent_id,
    )
    return invitation
