import io

from events import demo
from events.models import CycleItem, Evening, EveningInvitation
from organizations import demo as organizations_demo


def test_demo_makes_three_evenings_and_a_year_of_cycle_items_once(db):
    organizations_demo.seed(stdout=io.StringIO())

    demo.seed_evenings(stdout=io.StringIO())
    demo.seed_evenings(stdout=io.StringIO())

    assert Evening.objects.count() == 3
    assert CycleItem.objects.count() == len(demo.CYCLE_ITEMS)
    past = Evening.objects.past().get()
    assert past.has_minutes
    assert past.invitations.filter(has_attended=True).exists()
    coming = Evening.objects.coming().filter(sector="").get()
    assert coming.invitations.filter(is_attending=True).exists()
    assert coming.invitations.filter(is_attending__isnull=True).exists()
    thematic = Evening.objects.exclude(sector="").get()
    assert 0 < thematic.invitations.count() < coming.invitations.count()
    assert EveningInvitation.objects.filter(
        evening__agenda_items__cycle_item__isnull=False
    ).exists()
