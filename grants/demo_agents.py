"""Demo: the association agent helps one demo association with its grant applications."""

import contextlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from grants import services
from grants.models import AgentInvitation, GrantApplication, GrantRound
from grants.services.agents import invite_agent
from organizations.models import Association, Membership
from portal import roles
from portal.models import RoleGrant, User

DEMO_AGENT_EMAIL = "agentti@example.fi"
HELPED_SLUG = "esimerkkilan-urheiluseura-ry"


def seed(*, stdout) -> None:
    """Invite the demo agent to help the demo sports club for half a year, with one draft."""
    agent = User.objects.filter(
        email=DEMO_AGENT_EMAIL, role_grants__role=RoleGrant.Role.ASSOCIATION_AGENT
    ).first()
    association = Association.objects.filter(slug=HELPED_SLUG).first()
    membership = (
        Membership.objects.approved().filter(association=association).select_related("user").first()
        if association
        else None
    )
    if agent is None or association is None or membership is None:
        stdout.write("no demo agent or representative, no invitation")
        return
    representative = membership.user
    roles.forget(representative)
    open_round = next(
        (grant_round for grant_round in GrantRound.objects.published() if grant_round.is_open()),
        None,
    )
    if (
        open_round
        and not GrantApplication.objects.filter(
            grant_round=open_round, association=association
        ).exists()
    ):
        # A round that does not take this association's application leaves just the invitation.
        with contextlib.suppress(ValidationError):
            services.create_application(
                grant_round=open_round, association=association, by=representative
            )
    if not AgentInvitation.objects.active().filter(agent=agent, association=association).exists():
        invite_agent(
            association=association,
            agent=agent,
            valid_until=timezone.localdate() + timedelta(days=180),
            message="Autatko meitä avustushakemuksen budjetin kanssa?",
            by=representative,
        )
    stdout.write(f"{agent.email} helps {association.name}")
