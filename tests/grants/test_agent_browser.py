"""In Chromium at phone width: a representative invites an agent, who edits the draft."""

import pytest
from playwright.sync_api import expect

from grants.models import AgentInvitation
from portal.models import RoleGrant
from tests.browser.conftest import (  # noqa: F401  (the browser tests' fixtures)
    _live_server_settings,
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
    log_in,
)
from tests.factories import AssociationFactory, MembershipFactory, RoleGrantFactory, UserFactory
from tests.grants.factories import (
    GrantApplicationFactory,
    GrantProgrammeFactory,
    GrantRoundFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_a_representative_invites_an_agent_who_edits_the_draft_on_a_phone(
    live_server,
    page,
    log_in,  # noqa: F811  (the fixture imported above)
):
    association = AssociationFactory(name="Kylän Teatteri ry")
    rep = MembershipFactory(association=association).user
    agent = UserFactory(first_name="Aino", last_name="Agentti")
    RoleGrantFactory(user=agent, role=RoleGrant.Role.ASSOCIATION_AGENT)
    officer = UserFactory()
    grant_round = GrantRoundFactory(programme=GrantProgrammeFactory(contact_official=officer))
    draft = GrantApplicationFactory(grant_round=grant_round, association=association)
    page.set_viewport_size({"width": 320, "height": 800})

    log_in(page, rep)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.locator("#invite-agent").click()
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.locator("#id_agent").select_option(str(agent.pk))
    page.locator("#invite-agent-button").click()

    expect(page.locator("#agent-invitations")).to_contain_text("Aino Agentti")
    assert AgentInvitation.objects.filter(agent=agent, application=draft).exists()

    page.context.clear_cookies()
    log_in(page, agent)
    page.goto(f"{live_server.url}/avustukset/agentit/")
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.get_by_role("link", name=f"{association.name}: {draft.title}").click()
    expect(page.locator("#agent-helping")).to_be_visible()
    page.get_by_test_id("edit-application").click()
    page.locator("#id_title").fill("Kesäteatteri agentin avulla")
    page.get_by_test_id("save-draft").click()

    draft.refresh_from_db()
    assert draft.title == "Kesäteatteri agentin avulla"
    expect(page.get_by_test_id("save-and-submit")).to_have_count(0)
