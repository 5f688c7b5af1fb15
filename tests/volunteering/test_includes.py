from django.template.loader import render_to_string
from django.urls import reverse

from portal.models import AuditEvent
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
)
from volunteering import services


def _hub_section(client) -> str:
    page = client.get(reverse("portal:home")).content.decode()
    return page.split('aria-labelledby="hub-volunteering"')[1].split("</section>")[0]


def test_home_page_shows_the_count_of_open_tasks_and_it_follows_a_change(
    resident, association, association_rep
):
    TaskFactory(association=association)
    TaskFactory(association=association, expired=True)

    before = _hub_section(resident)
    services.close_task(task=TaskFactory(association=association), by=association_rep)
    TaskFactory(association=association)
    services.save_task(task=TaskFactory.build(association=association), by=association_rep)
    after = _hub_section(resident)

    assert 'id="hub-volunteering-link"' in before
    assert "<p>1 " in before
    assert "<p>3 " in after


def test_dashboard_shows_a_rep_the_answers_and_requests_waiting(
    client_for, association, association_rep, other_association
):
    AnswerFactory(task=TaskFactory(association=association))
    AnswerFactory(task=TaskFactory(association=association), accepted=True)
    ShareRequestFactory(offer=OfferFactory(association=association), association=other_association)

    page = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert 'id="dashboard-tasks"' in page
    assert "(1 " in page.split('id="dashboard-tasks"')[1].split("</a>")[0]
    assert "(1 " in page.split('id="dashboard-sharing"')[1].split("</a>")[0]


def test_dashboard_of_a_user_with_no_association_has_no_volunteering_section(
    client_for, plain_user
):
    page = client_for(plain_user).get(reverse("portal:dashboard")).content.decode()

    assert 'id="dashboard-tasks"' not in page


def test_officer_dashboard_links_to_the_figures(client_for, liaison_officer):
    page = client_for(liaison_officer).get(reverse("portal:dashboard")).content.decode()

    assert 'id="officer-volunteering-figures"' in page


def test_the_audit_log_of_an_answer_holds_no_personal_data(association, association_rep):
    answer = AnswerFactory(
        task=TaskFactory(association=association), name="Anni Asukas", email="anni@example.fi"
    )

    services.accept_answer(answer=answer, by=association_rep)

    event = AuditEvent.objects.get(action="volunteering.answer_accepted")
    assert "Anni" not in event.target_repr
    assert "anni@example.fi" not in event.target_repr


def test_the_association_page_part_lists_its_open_tasks_and_offers(association):
    TaskFactory(association=association, title="Avoin talkoo")
    TaskFactory(association=association, title="Mennyt talkoo", expired=True)
    OfferFactory(association=association, title="Peräkärry")

    html = render_to_string(
        "volunteering/includes/association_tasks.html", {"association": association}
    )

    assert "Avoin talkoo" in html
    assert "Mennyt talkoo" not in html
    assert "Peräkärry" in html
