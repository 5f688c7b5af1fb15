import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wellbeing import demo_followup
from wellbeing.models import SelfAssessment, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def test_the_follow_up_demo_seeds_twice_and_shows_its_pages(client):
    from organizations import demo as organizations_demo
    from portal import demo as portal_demo

    portal_demo.seed(stdout=io.StringIO())
    organizations_demo.seed(stdout=io.StringIO())
    demo_followup.seed(stdout=io.StringIO())
    demo_followup.seed(stdout=io.StringIO())
    year = timezone.localdate().year

    assert SelfAssessment.objects.count() == 2
    assert Survey.objects.count() == 2
    assert SurveyResponse.objects.filter(submitted_at__isnull=False, survey__year=year).count() >= 5
    assert client.get(reverse("wellbeing:followup_overview")).status_code == 200
    page = client.get(reverse("wellbeing:survey_results", args=[year]))
    assert page.status_code == 200
    assert 'id="results-hidden"' not in page.content.decode()
