"""Load-test data: many associations, made quickly.

    manage.py seed_bench --associations 10000

Tops the register up to the given number of associations (running it again adds none), with
bulk inserts in batches and one UPDATE for the search vectors. Benchmark rows have addresses
starting with `bench-`. This is the one place that writes rows without the services: going
through them would take minutes for 10,000 rows, and the data are throwaway.
"""

import itertools
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.demo import ACTIVITIES, CATEGORIES, TARGET_GROUPS, upsert_translated
from organizations.models import Association, Category, TargetGroup
from organizations.services import bump_register_version, refresh_search_vector

BATCH = 1000
PLACES = [
    "Esimerkkilän", "Järvikylän", "Mäkelän", "Rantakylän", "Metsäkylän", "Kirkonkylän",
    "Harjun", "Koivulan", "Niemenkylän", "Salmen", "Ylikylän", "Alakylän", "Kankaan",
    "Mäntylän", "Lahdenkylän", "Vaaran", "Kallion", "Joensuun", "Suvannon", "Korven",
]  # fmt: skip
KINDS = [
    ("Urheiluseura", "urheilu"), ("Palloseura", "urheilu"), ("Hiihtoseura", "urheilu"),
    ("Kamarikuoro", "kulttuuri"), ("Teatteriyhdistys", "kulttuuri"), ("Pelimannit", "kulttuuri"),
    ("Nuorisoseura", "nuoriso"), ("Partiolaiset", "nuoriso"),
    ("Sydänyhdistys", "sosiaali-ja-terveys"),
    ("Omaishoitajat", "sosiaali-ja-terveys"), ("Kyläyhdistys", "kylatoiminta"),
    ("Kyläseura", "kylatoiminta"), ("Metsästysseura", "harrastus"), ("Kalastusseura", "harrastus"),
    ("Eläkeläiset", "elakelaiset"), ("Seniorit", "elakelaiset"),
    ("Luonnonsuojeluyhdistys", "ymparisto"), ("VPK", "turvallisuus"),
    ("Monikulttuurinen yhdistys", "monikulttuurisuus"), ("Martat", "harrastus"),
]  # fmt: skip
LANGUAGE_SETS = [["fi"], ["fi"], ["fi", "sv"], ["fi", "en"], ["sv"], ["fi", "ru", "uk"]]


def bench_association(index: int, category_ids: dict[str, int]) -> tuple[Association, int]:
    place = PLACES[index % len(PLACES)]
    kind, category = KINDS[(index // len(PLACES)) % len(KINDS)]
    round_number = index // (len(PLACES) * len(KINDS))
    name = f"{place} {kind} ry" + (f" {round_number + 1}" if round_number else "")
    association = Association(
        name=name,
        slug=f"bench-{index}",
        domicile=place.removesuffix("n"),
        purpose=f"{name} edistää jäsentensä ja kuntalaisten toimintaa. {ACTIVITIES[category]}",
        languages=LANGUAGE_SETS[index % len(LANGUAGE_SETS)],
        is_listed=True,
        is_verified=index % 3 == 0,
        public_email=f"info@bench-{index}.example.fi",
        contact_name="Testi Henkilö",
        contact_email=f"yhteys@bench-{index}.example.fi",
    )
    return association, category_ids[category]


def top_up_associations(total: int, *, stdout) -> int:
    """Add benchmark associations until the register has `total`; returns how many were added."""
    missing = total - Association.objects.count()
    if missing <= 0:
        stdout.write(f"The register already has {total} or more associations.")
        return 0
    upsert_translated(Category, CATEGORIES)
    upsert_translated(TargetGroup, TARGET_GROUPS)
    category_ids = dict(Category.objects.values_list("slug", "pk"))
    group_ids = list(TargetGroup.objects.values_list("pk", flat=True))
    start = Association.objects.filter(slug__startswith="bench-").count()
    taken = set(
        Association.objects.filter(slug__startswith="bench-").values_list("slug", flat=True)
    )
    indexes = (i for i in itertools.count(start) if f"bench-{i}" not in taken)
    new_ids: list[int] = []
    categories_through: Any = Association.categories.through
    groups_through: Any = Association.target_groups.through
    with transaction.atomic():
        while missing > 0:
            size = min(BATCH, missing)
            rows = [bench_association(next(indexes), category_ids) for _ in range(size)]
            created = Association.objects.bulk_create([association for association, _ in rows])
            categories_through.objects.bulk_create(
                categories_through(association_id=a.pk, category_id=category_id)
                for a, (_, category_id) in zip(created, rows, strict=True)
            )
            groups_through.objects.bulk_create(
                groups_through(association_id=a.pk, targetgroup_id=group_ids[a.pk % len(group_ids)])
                for a in created
            )
            new_ids += [a.pk for a in created]
            missing -= size
            stdout.write(f"{len(new_ids)} associations added…")
        refresh_search_vector(association_ids=new_ids)
        bump_register_version()
    stdout.write(f"{len(new_ids)} benchmark associations added; {total} in the register.")
    return len(new_ids)


class Command(BaseCommand):
    help = "Top the register up to N associations for load tests (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--associations", type=int, default=10000)

    def handle(self, *args, associations: int, **options):
        top_up_associations(associations, stdout=self.stdout)
