import io

from django.utils import timezone

from organizations import demo as organizations_demo
from portal import demo as portal_demo
from wellbeing import demo
from wellbeing.models import InputAnswer, InputRound, Quotation


def test_demo_makes_two_years_of_rounds_once_and_the_index_shows_the_summary(db, client):
    portal_demo.seed(stdout=io.StringIO())
    organizations_demo.seed(stdout=io.StringIO())

    demo.seed(stdout=io.StringIO())
    counts = (InputRound.objects.count(), InputAnswer.objects.count(), Quotation.objects.count())
    demo.seed(stdout=io.StringIO())

    assert counts == (
        InputRound.objects.count(),
        InputAnswer.objects.count(),
        Quotation.objects.count(),
    )
    year = timezone.localdate().year
    published = InputRound.objects.get(year=year - 1)
    current = InputRound.objects.get(year=year)
    assert published.status == InputRound.Status.PUBLISHED
    assert current.accepts_answers()
    assert published.answers.submitted().count() == 12
    response = client.get("/hyvinvointi/")
    assert published.title in response.text
    summary = client.get(published.get_public_url())
    assert Quotation.objects.filter(is_approved=True).first().text in summary.text
