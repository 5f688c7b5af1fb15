"""SQL compiled once and read again with other values: the rows are those the ORM finds for
the values given, never those of the values it was compiled with."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from organizations.models import Association
from portal.database import CompiledStatements
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def names(rows) -> list[str]:
    return [name for name, *_rest in rows]


def test_each_call_reads_the_rows_of_its_own_values():
    first, second = AssociationFactory(name="Ankkurit ry"), AssociationFactory(name="Bongarit ry")
    statements = CompiledStatements(size=4)
    built = []

    def named(pk):
        built.append(pk)
        return Association.objects.filter(pk=pk).values_list("name")

    assert names(statements.rows("one", named, first.pk)) == ["Ankkurit ry"]
    assert names(statements.rows("one", named, second.pk)) == ["Bongarit ry"]
    assert len(built) == 1, "the second call compiles nothing"


def test_a_list_of_values_is_compiled_once_per_length():
    first, second, third = (AssociationFactory(name=name) for name in ("A ry", "B ry", "C ry"))
    statements = CompiledStatements(size=4)

    def among(ids):
        return Association.objects.filter(pk__in=ids).order_by("name").values_list("name")

    assert names(statements.rows("among", among, [first.pk, second.pk])) == ["A ry", "B ry"]
    assert names(statements.rows("among", among, frozenset({second.pk, third.pk}))) == [
        "B ry",
        "C ry",
    ]
    assert names(statements.rows("among", among, [third.pk])) == ["C ry"]
    assert statements.rows("among", among, []) == []


def test_dates_times_and_texts_are_put_in_place():
    AssociationFactory(name="Vanha ry", domicile="Kylä", founded_year=1950)
    newer = AssociationFactory(name="Uusi ry", domicile="Kylä")
    Association.objects.filter(pk=newer.pk).update(verified_at=timezone.now() + timedelta(days=2))
    statements = CompiledStatements(size=4)

    def verified_after(moment, domicile):
        return Association.objects.filter(verified_at__gt=moment, domicile=domicile).values_list(
            "name"
        )

    tomorrow = timezone.now() + timedelta(days=1)
    assert names(statements.rows("after", verified_after, tomorrow, "Kylä")) == ["Uusi ry"]
    assert statements.rows("after", verified_after, tomorrow, "Kaupunki") == []
    long_ago = timezone.now() - timedelta(days=365)
    assert sorted(names(statements.rows("after", verified_after, long_ago, "Kylä"))) == [
        "Uusi ry",
        "Vanha ry",
    ]


def test_a_value_that_a_lookup_changes_is_refused():
    statements = CompiledStatements(size=4)

    with pytest.raises(ValueError, match="do not reach the SQL"):
        statements.rows(
            "containing",
            lambda text: Association.objects.filter(name__icontains=text).values_list("name"),
            "ry",
        )


def test_a_value_that_a_lookup_changes_in_one_place_of_several_is_refused():
    statements = CompiledStatements(size=4)

    with pytest.raises(ValueError, match="do not reach the SQL"):
        statements.rows(
            "named or containing",
            lambda text: Association.objects.filter(
                Q(name=text) | Q(domicile__icontains=text)
            ).values_list("name"),
            "Kylä",
        )


def test_a_positive_number_is_put_in_place_where_a_negative_one_would_match_nothing():
    AssociationFactory(name="Vanha ry", founded_year=1920)
    AssociationFactory(name="Uusi ry", founded_year=2020)
    statements = CompiledStatements(size=4)

    def founded(year):
        return Association.objects.filter(founded_year=year).values_list("name")

    assert names(statements.rows("founded", founded, 1920)) == ["Vanha ry"]
    assert names(statements.rows("founded", founded, 2020)) == ["Uusi ry"]


def test_a_value_that_changes_the_sql_is_refused():
    statements = CompiledStatements(size=4)

    with pytest.raises(TypeError, match="changes the SQL"):
        statements.rows(
            "verified",
            lambda moment: Association.objects.filter(verified_at=moment).values_list("name"),
            None,
        )


def test_counts_and_instances_take_values_too():
    AssociationFactory(name="Kuoro ry", domicile="Kylä")
    AssociationFactory(name="Soitto ry", domicile="Kylä")
    AssociationFactory(name="Tanssi ry", domicile="Kaupunki")
    statements = CompiledStatements(size=4)

    def living_in(domicile):
        return Association.objects.filter(domicile=domicile).order_by("name").only("name")

    assert statements.count("in", living_in, "Kylä") == 2
    assert statements.count("in", living_in, "Kaupunki") == 1
    found = statements.instances("in", living_in, Association, "Kaupunki")
    assert [association.name for association in found] == ["Tanssi ry"]


def test_objects_are_what_the_orm_reads_related_objects_included():
    from organizations.models import Membership
    from tests.factories import MembershipFactory

    kept = MembershipFactory(association__name="Kuoro ry")
    other = MembershipFactory(association__name="Soitto ry")
    statements = CompiledStatements(size=4)
    built = []

    def of_user(user_id):
        built.append(user_id)
        return Membership.objects.filter(user_id=user_id).select_related("association")

    for membership in (kept, other):
        [read] = statements.objects("of", of_user, membership.user_id)
        [expected] = of_user(membership.user_id)
        assert read == expected
        assert read.requested_at == expected.requested_at
        assert read.requested_at.tzinfo is not None
        assert read.association.name == membership.association.name
        assert read.get_role_display() == expected.get_role_display()
    assert len(built) == 1 + 2, "compiled once; the other two built what was expected"


def test_objects_read_values_and_read_nothing_for_no_values(django_assert_num_queries):
    first = AssociationFactory(name="Kuoro ry")
    statements = CompiledStatements(size=4)

    def named(ids):
        return Association.objects.filter(pk__in=ids).values("name", "created_at")

    assert statements.objects("named", named, [first.pk]) == list(named([first.pk]))
    with django_assert_num_queries(0):
        assert statements.objects("named", named, []) == []


@pytest.mark.parametrize("prepared", [False, True])
def test_prepared_statements_read_the_same_rows(prepared):
    from organizations.models import Membership
    from tests.factories import MembershipFactory

    first, second = MembershipFactory(association__name="Kuoro ry"), MembershipFactory()
    statements = CompiledStatements(size=4, prepared=prepared)

    def of_user(user_id):
        return Membership.objects.filter(user_id=user_id).select_related("association")

    for _ in range(7):  # past the runs after which the server may keep one plan
        for membership in (first, second):
            [read] = statements.objects("of", of_user, membership.user_id)
            assert read.association.name == membership.association.name
            assert statements.count("of", of_user, membership.user_id) == 1
            [instance] = statements.instances("of", of_user, Membership, membership.user_id)
            assert instance.association_id == membership.association_id
            assert statements.rows(
                "names",
                lambda user_id: of_user(user_id).values_list("association__name"),
                membership.user_id,
            ) == [(membership.association.name,)]


def test_a_prepared_statement_has_its_constants_in_its_sql_and_its_values_as_parameters():
    from django.db import connection

    from organizations.models import Membership
    from tests.factories import MembershipFactory

    waiting = MembershipFactory(status=Membership.Status.PENDING, association__name="50% ry")
    MembershipFactory(user=waiting.user, status=Membership.Status.APPROVED)
    statements = CompiledStatements(size=4, prepared=True)

    def waiting_of(user_id):
        # Constants of every kind beside the value: a status, a text with a quote and a
        # percent sign, a list.
        return (
            Membership.objects.filter(user_id=user_id, status=Membership.Status.PENDING)
            .exclude(association__name__in=["Joku 'toinen' ry", "100 %"])
            .values_list("association__name")
        )

    sql, params = statements.get("waiting", waiting_of, waiting.user_id)
    assert params == (waiting.user_id,)
    assert "'pending'" in sql
    assert "'Joku ''toinen'' ry'" in sql
    for _ in range(7):  # past the runs after which the server may keep one plan
        assert statements.rows("waiting", waiting_of, waiting.user_id) == [("50% ry",)]
        assert statements.rows("waiting", waiting_of, waiting.user_id + 1000) == []
        assert statements.count("waiting", waiting_of, waiting.user_id) == 1

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement NOT LIKE %s",
            ["%'pending'%", "%count(*)%"],
        )
        [(generic_plans,)] = cursor.fetchall()
    # The status written into the SQL, one plan serves every user: kept, not made again.
    assert generic_plans > 0
