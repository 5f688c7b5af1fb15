import io

from django.urls import reverse

from organizations import demo as organizations_demo
from portal import demo as portal_demo
from volunteering import demo
from volunteering.models import Answer, Offer, ShareRequest, Task


def _seed_all():
    portal_demo.seed(stdout=io.StringIO())
    organizations_demo.seed(stdout=io.StringIO())
    portal_demo.link_representatives(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())


def test_demo_seeds_twice_without_adding_anything_the_second_time(db):
    _seed_all()
    counts = [m.objects.count() for m in (Task, Answer, Offer, ShareRequest)]

    demo.seed(stdout=io.StringIO())

    assert [m.objects.count() for m in (Task, Answer, Offer, ShareRequest)] == counts
    assert all(counts)


def test_demo_shows_open_tasks_and_the_shared_tent_to_a_resident(db, resident):
    _seed_all()

    tasks = resident.get(reverse("volunteering:task_list"))
    offers = resident.get(reverse("volunteering:offer_list"))

    assert tasks.status_code == 200
    assert tasks.context["page_obj"].paginator.count == Task.objects.public().count() >= 4
    assert "Juhlateltta 6 × 12 m" in offers.content.decode()


def test_demo_has_an_expired_task_a_lent_tent_and_a_card_about_to_lapse(db):
    _seed_all()

    assert Task.objects.exclude(pk__in=Task.objects.public()).exists()
    assert ShareRequest.objects.filter(
        offer__title="Juhlateltta 6 × 12 m", status=ShareRequest.Status.ACCEPTED
    ).exists()
    assert Offer.objects.filter(kind=Offer.Kind.SKILL, reminded_for__isnull=True).exists()
