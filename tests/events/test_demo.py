import io

from events import demo
from events.models import Event
from organizations import demo as organizations_demo


def test_demo_makes_a_year_of_events_from_thirty_associations_once(db):
    organizations_demo.seed(stdout=io.StringIO())

    demo.seed(stdout=io.StringIO())
    count = Event.objects.count()
    demo.seed(stdout=io.StringIO())

    assert Event.objects.count() == count
    organisers = Event.objects.values_list("organisers", flat=True).distinct()
    assert len(set(organisers)) >= 30
    first = Event.objects.order_by("starts_at").first()
    last = Event.objects.order_by("starts_at").last()
    assert first is not None
    assert last is not None
    assert (last.starts_at - first.starts_at).days > 300


def test_demo_big_events_clash_and_one_waits_for_the_officer(db):
    organizations_demo.seed(stdout=io.StringIO())

    demo.seed(stdout=io.StringIO())

    waiting = Event.objects.get(status=Event.Status.PENDING)
    clashes = Event.objects.clashing_with(waiting.starts_at, waiting.ends_at)
    assert clashes.count() == 2
