"""The public volunteer task list over 2,000 open tasks, filtered, and the shared offers."""

from datetime import timedelta

from django.utils import timezone

from bench import Scenario

TASKS = 2_000
OFFERS = 200
ASSOCIATIONS = 40
PREFIX = "bench-vapaaehtoistyo"


def prepare(*, stdout) -> list[Scenario]:
    from organizations.models import Association
    from volunteering.caching import data_changed
    from volunteering.models import Offer, Task

    scenarios = [
        Scenario("volunteering: task list", "/vapaaehtoistyo/"),
        Scenario("volunteering: task list page 50", "/vapaaehtoistyo/?page=50"),
        Scenario(
            "volunteering: tasks filtered", "/vapaaehtoistyo/?laji=events&kenelle=adults&kieli=fi"
        ),
        Scenario("volunteering: shared offers", "/jaettavaa/"),
    ]
    existing = Task.objects.filter(association__slug=f"{PREFIX}-0").order_by("pk").first()
    if existing is not None:
        stdout.write("already prepared")
        return [*scenarios, Scenario("volunteering: task page", f"/vapaaehtoistyo/{existing.pk}/")]

    associations = Association.objects.bulk_create(
        Association(name=f"Bench Talkoot {n} ry", slug=f"{PREFIX}-{n}", is_verified=True)
        for n in range(ASSOCIATIONS)
    )
    today = timezone.localdate()
    categories = Task.Category.values
    suits = Task.Suits.values
    tasks = Task.objects.bulk_create(
        (
            Task(
                association=associations[n % ASSOCIATIONS],
                title=f"Talkootehtävä {n}",
                description="Tule mukaan auttamaan! " * 20,
                category=categories[n % len(categories)],
                starts_on=None if n % 4 == 0 else today + timedelta(days=n % 90),
                ends_on=today + timedelta(days=90 + n % 200),
                time_text="la 10–14",
                place="Seurantalo, Kylätie 3",
                area=["Kirkonkylä", "Järvenpää", "Mäkelä"][n % 3],
                suits=[suits[n % len(suits)], "adults"],
                languages=["fi"] if n % 5 else ["fi", "sv"],
                is_accessible=bool(n % 2),
                people_needed=1 + n % 10,
            )
            for n in range(TASKS)
        ),
        batch_size=1000,
    )
    kinds = Offer.Kind.values
    Offer.objects.bulk_create(
        Offer(
            association=associations[n % ASSOCIATIONS],
            kind=kinds[n % len(kinds)],
            title=f"Lainattava {n}",
            description="Lainataan muille yhdistyksille.",
            terms=Offer.Terms.LEND,
        )
        for n in range(OFFERS)
    )
    data_changed()
    stdout.write(f"{len(tasks)} volunteer tasks and {OFFERS} offers of {ASSOCIATIONS} associations")
    return [*scenarios, Scenario("volunteering: task page", f"/vapaaehtoistyo/{tasks[0].pk}/")]
