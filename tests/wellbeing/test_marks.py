from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import Payment
from portal.models import LiaisonRole
from tests.events.evening_factories import EveningFactory
from tests.events.factories import EventFactory
from tests.facilities.factories import BookingFactory
from tests.grants.factories import DecisionFactory
from tests.wellbeing.survey_factories import make_survey, submitted_response
from wellbeing import marks
from wellbeing.models import MarkFigure

pytestmark = pytest.mark.django_db


def _mark(year, number):
    return next(mark for mark in marks.marks_for(year) if mark.number == number)


def _figures(mark):
    return dict(mark.figures)


def test_mark_four_counts_the_confirmed_free_bookings_and_their_hours():
    booking = BookingFactory()
    BookingFactory(starts_at=booking.starts_at + timedelta(days=1), status="cancelled")
    year = timezone.localtime(booking.starts_at).year

    with translation.override("en"):
        mark = _mark(year, 4)

    assert _figures(mark)["Free bookings"] == "1"
    assert _figures(mark)["Hours booked"] == "2"
    assert mark.source == "bookings in the portal"


def test_mark_five_sums_the_grants_paid_in_the_year():
    decision = DecisionFactory()
    today = timezone.localdate()
    Payment.objects.create(
        decision=decision, instalment_no=1, amount=Decimal("800"), status="paid", paid_on=today
    )
    Payment.objects.create(decision=decision, instalment_no=2, amount=Decimal("50"))

    with translation.override("en"):
        mark = _mark(today.year, 5)

    assert _figures(mark)["Grants paid (€)"] == "800"
    assert _figures(mark)["Associations paid a grant"] == "1"


def test_mark_three_tells_the_published_role_and_the_evenings_held():
    evening = EveningFactory(announced=True, past=True)
    LiaisonRole.objects.create(
        officer_name="Liisa Laine",
        title="yhdyshenkilö",
        email="l@example.fi",
        duties="x",
        working_time="20 %",
        mandate="x",
    )
    year = timezone.localtime(evening.starts_at).year

    with translation.override("en"):
        figures = _figures(_mark(year, 3))

    assert figures["Liaison officer's role published"] == "yes"
    assert figures["Association evenings held"] == "1"


def test_mark_seven_counts_public_events():
    event = EventFactory()
    EventFactory(pending=True, starts_at=event.starts_at)
    year = timezone.localtime(event.starts_at).year

    with translation.override("en"):
        figures = _figures(_mark(year, 7))

    assert figures["Public events in the calendar"] == "1"


def test_mark_two_comes_from_the_survey_only_with_five_answers():
    survey = make_survey()
    for _n in range(4):
        submitted_response(survey, score=4)
    too_few = _mark(survey.year, 2)
    submitted_response(survey, score=2)

    enough = _mark(survey.year, 2)

    assert too_few.figures == []
    assert not too_few.is_computed
    assert enough.is_computed
    assert enough.figures[0][1] in ("3,6", "3.6")


def test_a_mark_without_data_shows_the_officers_figure_and_who_entered_it(
    client_for, liaison_officer
):
    year = timezone.localdate().year
    client = client_for(liaison_officer)
    with translation.override("en"):
        url = reverse("wellbeing:mark_figure_edit", args=[year, 1])
        overview = reverse("wellbeing:followup_overview")

    client.post(url, {"figure": "4 työryhmää", "explanation": "HYTE ja LAPE"})
    page = client.get(overview)

    assert MarkFigure.objects.get(year=year, mark=1).entered_by == liaison_officer
    assert "4 työryhmää" in page.content.decode()
    assert "Entered by the liaison officer on" in page.content.decode()


def test_an_empty_figure_is_refused_with_a_message(client_for, liaison_officer):
    year = timezone.localdate().year
    with translation.override("en"):
        url = reverse("wellbeing:mark_figure_edit", args=[year, 1])

    page = client_for(liaison_officer).post(url, {"figure": "", "explanation": "x"})

    assert page.status_code == 400
    assert "This field is required." in page.content.decode()
    assert not MarkFigure.objects.exists()


@pytest.mark.parametrize("who", [None, "association_rep", "council_member"])
def test_only_the_officer_enters_figures(request, client_for, who):
    user = request.getfixturevalue(who) if who else None
    url = reverse("wellbeing:mark_figure_edit", args=[2026, 1])

    page = client_for(user).post(url, {"figure": "9", "explanation": ""})

    assert page.status_code in (302, 403)
    assert not MarkFigure.objects.exists()


def test_an_unknown_mark_is_not_found(client_for, liaison_officer):
    url = reverse("wellbeing:mark_figure_edit", args=[2026, 8])

    assert client_for(liaison_officer).get(url).status_code == 404


def _mark_queries(year):
    with CaptureQueriesContext(connection) as context:
        marks.marks_for(year)
    return len(context.captured_queries)


def test_the_marks_take_the_same_queries_however_much_data():
    year = timezone.localdate().year
    few = _mark_queries(year)
    for _n in range(5):
        BookingFactory()
        EventFactory()

    assert _mark_queries(year) == few <= 12


def test_the_cached_marks_follow_a_change_in_the_apps_they_read():
    from facilities.caching import VERSION as FACILITIES

    booking = BookingFactory()
    year = timezone.localtime(booking.starts_at).year
    with translation.override("en"):
        before = dict(next(m for m in marks.cached_marks_for(year) if m.number == 4).figures)
        with CaptureQueriesContext(connection) as again:
            marks.cached_marks_for(year)
        BookingFactory(starts_at=booking.starts_at + timedelta(days=1))
        FACILITIES.bump()
        after = dict(next(m for m in marks.cached_marks_for(year) if m.number == 4).figures)

    assert before["Free bookings"] == "1"
    assert len(again.captured_queries) == 0
    assert after["Free bookings"] == "2"


def test_the_cached_marks_are_kept_per_language():
    year = timezone.localdate().year

    with translation.override("en"):
        english = marks.cached_marks_for(year)
    with translation.override("fi"):
        finnish = marks.cached_marks_for(year)

    assert [m.number for m in english] == [m.number for m in finnish]
    assert english[0].title != finnish[0].title
