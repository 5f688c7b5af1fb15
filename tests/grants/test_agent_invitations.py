"""Association agents help with draft applications when an association invites them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import AgentInvitation, GrantApplication
from grants.services.agents import invite_agent, withdraw_agent_invitation
from portal.models import AuditEvent, RoleGrant
from tests.factories import RoleGrantFactory, UserFactory
from tests.grants.factories import GrantApplicationFactory, GrantRoundFactory
from tests.grants.test_views import form_data

pytestmark = pytest.mark.django_db


def make_agent(**names):
    user = UserFactory(**names)
    RoleGrantFactory(user=user, role=RoleGrant.Role.ASSOCIATION_AGENT)
    return user


@pytest.fixture
def agent():
    return make_agent(first_name="Aino", last_name="Aalto")


@pytest.fixture
def invited(application, agent, association_rep):
    return invite_agent(
        association=application.association,
        agent=agent,
        application=application,
        by=association_rep,
    )


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_the_representative_invites_an_agent_from_the_portals_agents(
    client_for, association_rep, application, agent
):
    url = en("grants:agent_invitations", application.association_id)

    response = client_for(association_rep).post(
        url, {"agent": agent.pk, "scope": "application", "application": application.pk}
    )

    assert response.status_code == 302
    invitation = AgentInvitation.objects.get()
    assert (invitation.agent, invitation.application) == (agent, application)
    assert invitation.invited_by == association_rep
    assert AuditEvent.objects.filter(action="grants.agent_invited", actor=association_rep).exists()


def test_the_invited_agent_reads_and_edits_the_draft(client_for, application, agent, invited):
    client = client_for(agent)

    detail = client.get(en("grants:application_detail", application.pk))
    response = client.post(
        en("grants:application_edit", application.pk), form_data(application, title="Agentin apu")
    )

    assert detail.status_code == 200
    assert 'id="agent-helping"' in detail.content.decode()
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Agentin apu"
    assert AuditEvent.objects.filter(actor=agent, target_id=str(application.pk)).exists()


def test_the_agent_does_not_submit_the_application(client_for, application, agent, invited):
    client = client_for(agent)

    page = client.get(en("grants:application_detail", application.pk)).content.decode()
    response = client.post(en("grants:application_submit", application.pk))

    assert reverse("grants:application_submit", args=[application.pk]) not in page
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == GrantApplication.Status.DRAFT


def test_the_agent_loses_access_once_the_draft_is_submitted(
    client_for, application, agent, invited
):
    GrantApplication.objects.filter(pk=application.pk).update(
        status=GrantApplication.Status.SUBMITTED, submitted_at=timezone.now()
    )

    response = client_for(agent).get(en("grants:application_detail", application.pk))

    assert response.status_code == 404


def test_an_uninvited_agent_sees_no_draft(client_for, application):
    client = client_for(make_agent())

    assert client.get(en("grants:application_detail", application.pk)).status_code == 404
    assert client.get(en("grants:application_edit", application.pk)).status_code == 404


def test_an_agent_invited_by_another_association_sees_not_this_draft(
    client_for, application, agent, other_association, other_association_rep, culture_round
):
    GrantApplicationFactory(grant_round=culture_round, association=other_association)
    invite_agent(
        association=other_association,
        agent=agent,
        valid_until=timezone.localdate() + timedelta(days=30),
        by=other_association_rep,
    )
    client = client_for(agent)

    assert client.get(en("grants:application_detail", application.pk)).status_code == 404
    response = client.post(en("grants:application_edit", application.pk), form_data(application))
    assert response.status_code == 404


def test_after_the_invitation_is_withdrawn_the_agent_sees_nothing(
    client_for, application, agent, invited, association_rep
):
    withdraw_agent_invitation(invitation=invited, by=association_rep)
    client = client_for(agent)

    assert client.get(en("grants:application_detail", application.pk)).status_code == 404
    response = client.post(
        en("grants:application_edit", application.pk), form_data(application, title="Myöhässä")
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.title != "Myöhässä"


def test_anonymous_is_sent_to_log_in(resident, application, invited):
    for url in (
        en("grants:agent_invitations", application.association_id),
        en("grants:agent_invitation_withdraw", invited.pk),
        en("grants:agent_work"),
        en("grants:application_edit", application.pk),
    ):
        response = resident.get(url)

        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("association_rep", 200, 400),
        ("other_association_rep", 403, 403),
        ("agent", 403, 403),
        ("plain_user", 403, 403),
        ("liaison_officer", 200, 403),
    ],
)
def test_only_the_representatives_invite_and_the_officer_only_reads(
    request, client_for, application, who, get_status, post_status
):
    user = request.getfixturevalue(who)
    candidate = make_agent()
    client = client_for(user)
    url = en("grants:agent_invitations", application.association_id)

    page = client.get(url)
    # A malformed date: the representative gets the form back, everyone else a refusal.
    response = client.post(url, {"agent": candidate.pk, "scope": "period", "valid_until": "x"})

    assert page.status_code == get_status
    assert response.status_code == post_status
    assert not AgentInvitation.objects.exists()


def test_a_user_who_is_no_agent_cannot_be_invited(client_for, association_rep, application):
    outsider = UserFactory()

    response = client_for(association_rep).post(
        en("grants:agent_invitations", application.association_id),
        {"agent": outsider.pk, "scope": "application", "application": application.pk},
    )

    assert response.status_code == 400
    assert "agent" in response.context["form"].errors
    assert not AgentInvitation.objects.exists()


def test_another_associations_draft_cannot_be_chosen(
    client_for, association_rep, application, agent, culture_round, other_association
):
    foreign = GrantApplicationFactory(grant_round=culture_round, association=other_association)

    response = client_for(association_rep).post(
        en("grants:agent_invitations", application.association_id),
        {"agent": agent.pk, "scope": "application", "application": foreign.pk},
    )

    assert response.status_code == 400
    assert "application" in response.context["form"].errors
    assert not AgentInvitation.objects.exists()


def test_a_period_needs_a_date_within_a_year_and_keeps_what_was_typed(
    client_for, association_rep, application, agent
):
    too_late = timezone.localdate() + timedelta(days=400)

    response = client_for(association_rep).post(
        en("grants:agent_invitations", application.association_id),
        {
            "agent": agent.pk,
            "scope": "period",
            "valid_until": too_late.isoformat(),
            "message": "Tarvitsemme apua budjetin kanssa.",
        },
    )

    assert response.status_code == 400
    assert "Tarvitsemme apua budjetin kanssa." in response.content.decode()
    assert not AgentInvitation.objects.exists()


def test_a_period_invitation_covers_every_draft_until_its_date(
    client_for, application, agent, association_rep, culture_round, association
):
    other_round = GrantRoundFactory(programme=culture_round.programme, title="Syksyn haku")
    second = GrantApplicationFactory(grant_round=other_round, association=association)
    invitation = invite_agent(
        association=association,
        agent=agent,
        valid_until=timezone.localdate() + timedelta(days=10),
        by=association_rep,
    )
    client = client_for(agent)

    assert client.get(en("grants:application_detail", application.pk)).status_code == 200
    assert client.get(en("grants:application_detail", second.pk)).status_code == 200

    AgentInvitation.objects.filter(pk=invitation.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(en("grants:application_detail", second.pk)).status_code == 404


def test_withdrawing_asks_first_and_then_ends_the_access(client_for, association_rep, invited):
    client = client_for(association_rep)
    url = en("grants:agent_invitation_withdraw", invited.pk)

    question = client.get(url)
    invited.refresh_from_db()
    assert question.status_code == 200
    assert 'data-testid="confirm"' in question.content.decode()
    assert invited.withdrawn_at is None

    response = client.post(url)

    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.withdrawn_by == association_rep
    assert AuditEvent.objects.filter(action="grants.agent_invitation_withdrawn").exists()


@pytest.mark.parametrize("who", ["other_association_rep", "agent", "plain_user", "liaison_officer"])
def test_only_the_associations_representatives_withdraw(request, client_for, invited, who):
    response = client_for(request.getfixturevalue(who)).post(
        en("grants:agent_invitation_withdraw", invited.pk)
    )

    assert response.status_code == 403
    invited.refresh_from_db()
    assert invited.withdrawn_at is None


def test_the_agents_page_lists_the_drafts_they_may_help_with(client_for, agent, invited):
    response = client_for(agent).get(en("grants:agent_work"))

    assert response.status_code == 200
    assert invited.application.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("who", ["association_rep", "plain_user", "liaison_officer"])
def test_the_agents_page_is_for_agents(request, client_for, who):
    response = client_for(request.getfixturevalue(who)).get(en("grants:agent_work"))

    assert response.status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_the_agents_page_costs_the_same_queries_for_few_and_many_drafts(
    client_for, agent, culture_round, django_assert_max_num_queries, count
):
    from tests.factories import AssociationFactory, MembershipFactory

    for _ in range(count):
        association = AssociationFactory()
        rep = MembershipFactory(association=association).user
        invite_agent(
            association=association,
            agent=agent,
            application=GrantApplicationFactory(grant_round=culture_round, association=association),
            by=rep,
        )
    client = client_for(agent)
    client.get(en("grants:agent_work"))

    with django_assert_max_num_queries(12):
        response = client.get(en("grants:agent_work"))

    assert response.content.decode().count('href="/en/avustukset/hakemukset/') == count
