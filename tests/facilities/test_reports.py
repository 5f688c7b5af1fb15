import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from facilities import reports
from facilities.models import Booking
from tests.facilities.factories import BookingFactory, SpaceFactory, at


def test_usage_per_space_sums_hours_bookings_and_participants(db, association):
    space = SpaceFactory(name="Sauna")
    BookingFactory(space=space, association=association, actual_participants=8)
    BookingFactory(
        space=space,
        association=association,
        starts_at=at(8, 10),
        ends_at=at(8, 11),
        actual_participants=4,
    )
    BookingFactory(space=space, association=association, status=Booking.Status.CANCELLED)

    [row] = reports.usage("space")

    assert row["labels"][1] == "Sauna"
    assert row["hours"] == 3.0
    assert row["bookings"] == 2
    assert row["participants"] == 12


def test_usage_per_month_and_purpose(db, association):
    BookingFactory(association=association, starts_at=at(1, 10), purpose="Kuoro")
    BookingFactory(association=association, starts_at=at(40, 10), purpose="Kuoro")

    months = reports.usage("month")
    purposes = reports.usage("purpose")

    assert len(months) == 2
    assert purposes == [
        {"labels": ["Kuoro"], "hours": 4.0, "bookings": 2, "participants": 0, "expected": 20}
    ]


def test_council_figures_total_the_period(db, association, other_association):
    BookingFactory(association=association)
    BookingFactory(association=other_association, starts_at=at(9, 10))
    today = timezone.localdate()

    figures = reports.council_figures(today, today + timedelta(days=30))

    assert figures["bookings"] == 2
    assert figures["associations"] == 2
    assert figures["hours"] == 4.0


def test_statistics_csv_has_a_row_per_association(client_for, liaison_officer, association):
    BookingFactory(association=association, actual_participants=7)

    response = client_for(liaison_officer).get(
        reverse("facilities:statistics_csv"), {"by": "association"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:4] == [association.name, "2,0", "1", "7"]


def test_statistics_page_with_a_malformed_date_says_so(client_for, liaison_officer):
    response = client_for(liaison_officer).get(
        reverse("facilities:statistics"), {"starts_on": "viime vuonna"}
    )

    assert response.status_code == 400
    assert 'id="id_starts_on_error"' in response.content.decode()


def test_council_section_names_the_busiest_space(db, association):
    BookingFactory(space=SpaceFactory(name="Rantasauna"), association=association)
    today = timezone.localdate()

    html = reports.render_council_section(today, today + timedelta(days=30))

    assert "Rantasauna" in html
    assert '<th scope="row">' in html
