"""What the association agent role (yhdistysagentti) opens: contacts, evenings, invited help."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from grants import demo_agents
from grants.models import AgentInvitation
from portal import demo as portal_demo
from portal.models import AccessLogEntry, RoleGrant
from tests.events.evening_factories import EveningFactory
from tests.factories import AssociationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    user = UserFactory(first_name="Aino", last_name="Aalto")
    RoleGrantFactory(user=user, role=RoleGrant.Role.ASSOCIATION_AGENT)
    return user


def test_the_agent_sees_an_associations_contact_person_and_the_read_is_logged(
    client_for, agent, association
):
    response = client_for(agent).get(association.get_absolute_url())

    content = response.content.decode()
    assert 'id="private-contact-block"' in content
    assert association.contact_email in content
    assert AccessLogEntry.objects.filter(
        actor=agent, what="organizations.association_contacts"
    ).exists()


def test_the_agent_role_alone_edits_no_association(client_for, agent, association):
    response = client_for(agent).get(
        reverse("organizations:association_edit", args=[association.slug])
    )

    assert response.status_code == 403


def test_the_agent_sees_planned_evenings_but_cannot_change_them(client_for, agent):
    planned = EveningFactory(title="Kevään suunnitteilla oleva ilta")
    client = client_for(agent)

    listing = client.get(reverse("events:evening_list")).content.decode()
    detail = client.get(reverse("events:evening_detail", args=[planned.pk]))

    assert planned.title in listing
    assert detail.status_code == 200
    assert client.get(reverse("events:evening_edit", args=[planned.pk])).status_code == 403
    assert client.get(reverse("events:evening_answers", args=[planned.pk])).status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "association_rep"])
def test_others_do_not_see_planned_evenings(request, client_for, who):
    planned = EveningFactory(title="Kevään suunnitteilla oleva ilta")
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(user).get(reverse("events:evening_detail", args=[planned.pk]))

    assert response.status_code == 404


def test_the_dashboard_leads_the_agent_to_their_work(client_for, agent):
    with translation.override("en"):
        url = reverse("portal:dashboard")

    content = client_for(agent).get(url).content.decode()

    assert 'id="agent-work-link"' in content


def test_the_demo_invites_the_demo_agent_once_and_the_agent_sees_the_association(
    client_for, sector_officer
):
    from organizations import demo as organizations_demo

    out = io.StringIO()
    portal_demo.seed(stdout=out)
    organizations_demo.seed(stdout=out)
    portal_demo.link_representatives(stdout=out)

    demo_agents.seed(stdout=out)
    demo_agents.seed(stdout=out)

    invitation = AgentInvitation.objects.get()
    assert invitation.agent.email == demo_agents.DEMO_AGENT_EMAIL
    assert invitation.association.slug == demo_agents.HELPED_SLUG
    with translation.override("en"):
        page = client_for(invitation.agent).get(reverse("grants:agent_work"))
    assert invitation.association.name in page.content.decode()


def test_the_demo_without_agent_or_representative_does_nothing():
    AssociationFactory()

    demo_agents.seed(stdout=io.StringIO())

    assert not AgentInvitation.objects.exists()
