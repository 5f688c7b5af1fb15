"""The whole register's counts, kept by the database's triggers (organizations.RegisterCount),
must always equal a count of the register as it stands."""

import pytest
from django.db import connection
from django.http import QueryDict

from organizations.models import Association, RegisterCount
from organizations.register import COUNTS_SQL, RegisterPage
from tests.organizations.factories import (
    AssociationFactory,
    CategoryFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db


def kept() -> dict[tuple[str, str], int]:
    return {
        (facet, value): count
        for facet, value, count in RegisterCount.objects.values_list("facet", "value", "count")
        if count
    }


def counted() -> dict[tuple[str, str], int]:
    """The same counts from the register itself, as a filtered page counts them."""
    matching, params = (
        Association.objects.listed().order_by().values("id", "languages").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL.format(matching=matching), params)
        return {(kind, key): number for kind, key, number in cursor.fetchall() if number}


def test_the_kept_counts_follow_every_kind_of_change():
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri")
    youth = TargetGroupFactory(name="Nuoret", slug="nuoret")
    club = AssociationFactory(languages=["fi", "sv"])
    club.categories.add(sports, culture)
    club.target_groups.add(youth)
    choir = AssociationFactory(languages=["fi", "fi"], is_listed=False)
    choir.categories.add(culture)
    AssociationFactory.create_batch(2, languages=["en"])
    assert kept() == counted()
    assert kept()[("total", "")] == 3
    # A language given twice counts once.
    assert kept()[("language", "fi")] == 1

    choir.is_listed = True
    choir.save()
    assert kept() == counted()
    assert kept()[("category", str(culture.pk))] == 2

    club.languages = ["sv"]
    club.save()
    club.categories.remove(sports)
    club.target_groups.clear()
    assert kept() == counted()

    club.is_listed = False
    club.save()
    club.categories.add(sports)  # an unlisted association's link counts nowhere
    assert kept() == counted()
    assert ("category", str(sports.pk)) not in kept()

    choir.delete()
    culture.delete()
    Association.objects.filter(languages=["en"]).update(languages=["uk"])
    assert kept() == counted()
    assert kept() == {("total", ""): 2, ("language", "uk"): 2}


def test_bulk_created_associations_and_links_are_counted():
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    created = Association.objects.bulk_create(
        Association(name=f"Seura {n}", slug=f"seura-{n}", languages=["fi"]) for n in range(50)
    )
    Association.categories.through.objects.bulk_create(
        Association.categories.through(association_id=a.pk, category_id=sports.pk)
        for a in created[:20]
    )

    assert (
        kept()
        == counted()
        == {
            ("total", ""): 50,
            ("language", "fi"): 50,
            ("category", str(sports.pk)): 20,
        }
    )


def test_the_whole_register_page_reads_the_kept_counts_and_a_filtered_one_counts(
    django_assert_num_queries,
):
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    AssociationFactory(languages=["fi"]).categories.add(sports)
    AssociationFactory(languages=["sv"])

    whole = RegisterPage(QueryDict("sort=newest"))
    with django_assert_num_queries(1):
        assert whole.counts["total"] == {"": 2}
    assert whole.counts["category"] == {"urheilu": 1}
    assert whole.counts["language"] == {"fi": 1, "sv": 1}

    # A row changed behind the kept counts' back shows that only the whole register reads them.
    RegisterCount.objects.filter(facet="total").update(count=99)
    assert RegisterPage(QueryDict()).counts["total"] == {"": 99}
    assert RegisterPage(QueryDict("language=sv")).counts["total"] == {"": 1}
