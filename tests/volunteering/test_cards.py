"""The public lists' cards and filter forms, as a resident reads them."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.volunteering.factories import OfferFactory, TaskFactory, days
from volunteering.models import Offer, Task


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"volunteering:{name}", args=args)


def _card(html: str, testid: str) -> str:
    match = re.search(rf'<li class="card" data-testid="{testid}">(.*?)</li>', html, re.S)
    assert match, f"no card {testid}"
    return re.sub(r"\s+", " ", match.group(1))


def test_a_task_card_says_when_where_what_and_for_whom(resident, association):
    task = TaskFactory(
        association=association,
        title="Kahvio & arpajaiset",
        category=Task.Category.SPORTS,
        starts_on=None,
        ends_on=days(30),
        time_text="la 10–14",
        area="Järvenpää",
        people_needed=1,
        suits=["youth", "adults"],
        is_accessible=True,
    )

    card = _card(resident.get(en("task_list")).content.decode(), f"task-{task.pk}")

    assert f'<a href="{en("task_detail", task.pk)}">Kahvio &amp; arpajaiset</a>' in card
    assert f"<p>{association.name}</p>" in card
    assert f"Ongoing, until {days(30):%-d.%-m.%Y} · la 10–14" in card
    assert "<p>Seurantalo, Kylätie 3 · Järvenpää</p>" in card
    assert "<p>Sports and coaching · 1 person needed</p>" in card
    assert (
        '<span class="tag">Young people (15–17)</span><span class="tag">Adults</span>'
        '<span class="tag">Accessible</span>'
    ) in card


def test_a_task_card_of_one_day_names_the_day_and_counts_people(resident, association):
    task = TaskFactory(association=association, starts_on=days(3), ends_on=days(3), area="")

    card = _card(resident.get(en("task_list")).content.decode(), f"task-{task.pk}")

    assert "<p>Seurantalo, Kylätie 3</p>" in card
    assert "4 people needed" in card
    assert f"<p>{days(3):%a %-d.%-m.%Y}</p>" in card
    assert 'class="tag"' not in card


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("offset", range(7))
def test_a_task_says_its_days_as_the_date_filter_writes_them(language, offset):
    from django.utils.dateformat import format as date_format

    from volunteering.templatetags.volunteering_tags import task_when

    one_day = Task(starts_on=days(offset), ends_on=days(offset), time_text="")
    span = Task(starts_on=days(offset), ends_on=days(offset + 40), time_text="klo 18")

    with translation.override(language):
        assert task_when(one_day) == date_format(days(offset), "D j.n.Y")
        assert task_when(span) == (
            f"{date_format(days(offset), 'j.n.Y')}–{date_format(days(offset + 40), 'j.n.Y')}"
            " · klo 18"
        )


def test_an_offer_card_says_kind_terms_price_and_validity(resident, association):
    valid = OfferFactory(
        association=association,
        kind=Offer.Kind.SKILL,
        terms=Offer.Terms.RENT,
        price_text="20 € / vrk",
        qualification_expires_on=days(40),
    )
    lapsed = OfferFactory(
        association=association, kind=Offer.Kind.SKILL, qualification_expires_on=days(-1)
    )

    html = resident.get(en("offer_list")).content.decode()

    card = _card(html, f"offer-{valid.pk}")
    assert f'<a href="{en("offer_detail", valid.pk)}">{valid.title}</a>' in card
    assert (
        '<span class="tag">Skill or qualification</span><span class="tag">Rented for a fee</span>'
        " 20 € / vrk"
    ) in card
    assert f"Valid until {days(40):%-d.%-m.%Y}" in card
    assert "Qualification lapsed" in _card(html, f"offer-{lapsed.pk}")


def test_the_filter_form_keeps_each_choice_and_offers_new_areas(resident, association):
    TaskFactory(association=association, area="Kirkonkylä")

    sports = resident.get(en("task_list"), {"laji": "sports"}).content.decode()
    events = resident.get(en("task_list"), {"laji": "events"}).content.decode()

    assert '<option value="sports" selected>' in sports
    assert '<option value="events" selected>' in events
    assert '<option value="sports" selected>' not in events
    assert 'value="Mäkelä"' not in sports

    TaskFactory(association=association, area="Mäkelä")
    cache.clear()
    again = resident.get(en("task_list"), {"laji": "sports"}).content.decode()

    assert '<option value="Mäkelä">Mäkelä</option>' in again
    assert '<option value="sports" selected>' in again


def test_the_area_choices_are_those_of_open_tasks_in_order(resident, association):
    for area in ("Mäkelä", "Ahola", "Ahola", ""):
        TaskFactory(association=association, area=area)
    TaskFactory(association=association, area="Vanhakylä", starts_on=None, ends_on=days(-1))
    TaskFactory(association=association, area="Suljettu", closed=True)
    TaskFactory(association=association, area="Tänään", starts_on=None, ends_on=days(0))

    html = resident.get(en("task_list")).content.decode()

    select = html.split('name="alue"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "Ahola", "Mäkelä", "Tänään"]
