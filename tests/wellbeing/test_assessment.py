from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import AuditEvent
from tests.wellbeing.survey_factories import make_assessment
from wellbeing import charts
from wellbeing import followup_services as services
from wellbeing.models import AreaAssessment, AssessmentAction, SelfAssessment

pytestmark = pytest.mark.django_db


def _en(name, *args):
    with translation.override("en"):
        return reverse(f"wellbeing:{name}", args=args)


def _form(year, scale_max=5, score="3", **extra):
    data = {"year": year, "scale_max": scale_max, "participants": "Seurat", "summary": ""}
    for area in range(1, 12):
        data[f"area-{area}-current_state"] = f"Nyt {area}"
        data[f"area-{area}-target_state"] = f"Tavoite {area}"
        data[f"area-{area}-follow_up"] = ""
        data[f"area-{area}-score"] = score
    data.update(extra)
    return data


def test_officer_fills_in_the_eleven_areas(client_for, liaison_officer):
    page = client_for(liaison_officer).post(_en("assessment_create"), _form(2026, score="4"))

    assessment = SelfAssessment.objects.get(year=2026)
    assert page.status_code == 302
    assert assessment.areas.count() == 11
    assert set(assessment.areas.values_list("score", flat=True)) == {4}
    assert AuditEvent.objects.filter(action="wellbeing.assessment_created").exists()


def test_a_score_above_the_scale_is_refused_and_nothing_is_saved(client_for, liaison_officer):
    page = client_for(liaison_officer).post(_en("assessment_create"), _form(2026, score="7"))

    assert page.status_code == 400
    assert "above the highest score" in page.content.decode()
    assert "Tavoite 3" in page.content.decode()
    assert not SelfAssessment.objects.exists()


def test_editing_keeps_one_row_per_area(client_for, liaison_officer):
    make_assessment(2026, {1: 1, 2: 2})
    client = client_for(liaison_officer)

    client.post(_en("assessment_edit", 2026), _form(2026, score="5"))

    assert AreaAssessment.objects.count() == 11
    assert AreaAssessment.objects.get(area=1).score == 5


def test_the_service_refuses_a_representative(association_rep):
    with translation.override("en"), pytest.raises(Exception, match="liaison officer"):
        services.save_assessment(assessment=SelfAssessment(year=2026), areas=[], by=association_rep)


def test_a_score_above_a_ten_point_scale_is_refused_by_the_service(liaison_officer):
    with pytest.raises(ValidationError):
        services.save_assessment(
            assessment=SelfAssessment(year=2026, scale_max=10),
            areas=[AreaAssessment(area=1, score=11)],
            by=liaison_officer,
        )


def test_an_unpublished_assessment_is_not_public(client, client_for, council_member):
    make_assessment(2026, {1: 3}, is_published=False)

    assert client.get(_en("assessment_detail", 2026)).status_code == 404
    assert client_for(council_member).get(_en("assessment_detail", 2026)).status_code == 200


def test_the_headline_view_shows_a_chart_per_area_with_its_figures(client):
    make_assessment(2025, {1: 2}, is_published=True)
    make_assessment(2026, {1: 4}, is_published=True)

    page = client.get(_en("followup_overview") + "?vuosi=2026")

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 11
    assert "<title" in html
    assert "<desc" in html
    assert "<td>40</td>" in html
    assert "<td>80</td>" in html


def test_the_headline_view_leaves_out_unpublished_years(client):
    make_assessment(2026, {1: 4}, is_published=False)

    page = client.get(_en("followup_overview"))

    assert "<svg" not in page.content.decode()


def test_a_bad_year_in_the_address_falls_back_to_this_year(client):
    page = client.get(_en("followup_overview") + "?vuosi=abc")

    assert page.status_code == 200
    assert str(timezone.localdate().year) in page.content.decode()


def test_officer_adds_an_action_and_it_is_listed_as_open(client_for, liaison_officer):
    make_assessment(2026)
    client = client_for(liaison_officer)
    due = (timezone.localdate() + timedelta(days=30)).isoformat()

    client.post(
        _en("action_create", 2026),
        {
            "term": "short",
            "description": "Julkaistaan asiakirja",
            "owner": "Yhdyshenkilö",
            "due_on": due,
        },
    )
    page = client.get(_en("action_list"))

    assert "Julkaistaan asiakirja" in page.content.decode()


def test_an_action_without_an_owner_is_refused(client_for, liaison_officer):
    make_assessment(2026)

    page = client_for(liaison_officer).post(
        _en("action_create", 2026),
        {"term": "short", "description": "Ilman vastuuta", "owner": "", "due_on": "2026-12-01"},
    )

    assert page.status_code == 400
    assert not AssessmentAction.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("association_rep", 403), ("council_member", 200), ("liaison_officer", 200)],
)
def test_open_actions_are_read_by_the_officer_and_the_council(request, client_for, who, status):
    user = request.getfixturevalue(who) if who else None

    assert client_for(user).get(_en("action_list")).status_code == status


@pytest.mark.parametrize("rows", [3, 30])
def test_the_open_actions_list_takes_the_same_queries(
    client_for, liaison_officer, django_assert_max_num_queries, rows
):
    assessment = make_assessment(2026)
    AssessmentAction.objects.bulk_create(
        AssessmentAction(
            assessment=assessment,
            term="short",
            description=f"Toimi {n}",
            owner="X",
            due_on=timezone.localdate(),
        )
        for n in range(rows)
    )
    client = client_for(liaison_officer)
    client.get(_en("action_list"))

    with django_assert_max_num_queries(14):
        client.get(_en("action_list"))


def test_a_chart_describes_itself():
    svg = charts.bar_chart(
        title="Alue 1",
        description="2025: 40, 2026: 80",
        bars=[("2025", 40), ("2026", 80)],
        max_value=100,
    )

    assert 'role="img"' in svg
    assert "<title" in svg
    assert "2025: 40, 2026: 80" in svg
    assert svg.count("<rect") == 2
