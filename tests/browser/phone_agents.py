"""Association agents' pages at phone widths (see test_phone_widths.py)."""

from datetime import timedelta

from django.utils import timezone

from grants.services.agents import invite_agent
from portal.models import RoleGrant
from tests.factories import RoleGrantFactory, UserFactory

NOT_PAGES: set[str] = set()

LONG_NAME = "Yhdistysagenttitoimintakoulutusohjelmavapaaehtoinen"


def phone_data(data) -> dict:
    agent = UserFactory(first_name=LONG_NAME, last_name="Aalto")
    RoleGrantFactory(user=agent, role=RoleGrant.Role.ASSOCIATION_AGENT)
    invitation = invite_agent(
        association=data["association"],
        agent=agent,
        valid_until=timezone.localdate() + timedelta(days=90),
        message=f"Autatko budjetin kanssa? {LONG_NAME}",
        by=data["rep"],
    )
    # The agent's own page is seen by signing in as the representative with the agent role too.
    RoleGrantFactory(user=data["rep"], role=RoleGrant.Role.ASSOCIATION_AGENT)
    return {"invitation": invitation}


def journeys(data, own) -> list:
    association = {"pk": data["association"].pk}
    return [
        ("rep", "grants:agent_invitations", association, ""),
        ("officer", "grants:agent_invitations", association, ""),
        ("rep", "grants:agent_invitation_withdraw", {"pk": own["invitation"].pk}, ""),
        ("rep", "grants:agent_work", {}, ""),
    ]
