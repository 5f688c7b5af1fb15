"""The register's list queries are served by indexes at thousands of rows, not by reading the
wide association rows one by one: the count with the facets, the page, and the API's count.
Inside a test's transaction the pages are never vacuumed, so the planner may read the rows
through the index rather than the index only; at the bench size it reads the index only."""

import pytest
from django.db import connection
from django.http import QueryDict

from organizations.models import Association
from organizations.register import COUNTS_SQL, RegisterPage

pytestmark = pytest.mark.django_db

ROWS = 3_000


@pytest.fixture
def big_register():
    Association.objects.bulk_create(
        Association(
            name=f"Yhdistys {number} ry",
            slug=f"yhdistys-{number}",
            purpose="Toimintaa kylätalolla jäsenille. " * 20,
            languages=["fi", "sv"] if number % 3 else ["fi"],
            is_listed=bool(number % 50),
        )
        for number in range(ROWS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_association")
        # On a sample the planner may find a scan cheaper; what must hold is that an index
        # serves each query whenever the planner wants it.
        cursor.execute("SET LOCAL enable_seqscan = off")


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_counts_of_a_filtered_register_read_an_index(big_register):
    # The whole register's counts are kept by triggers (test_register_counts.py); a filter
    # has them counted.
    page = RegisterPage(QueryDict("language=sv"))
    matching = page.filtered.order_by().values("id", "languages").query.sql_with_params()

    plan = explain(COUNTS_SQL.format(matching=matching[0]), matching[1])

    assert "Seq Scan on organizations_association" not in plan, plan
    assert "association_listed_idx" in plan or "association_languages_idx" in plan, plan


def test_the_counts_give_the_same_numbers_as_counting_each_facet(big_register):
    page = RegisterPage(QueryDict("language=sv"))

    counts = page.counts

    listed = Association.objects.listed()
    assert counts["total"][""] == listed.filter(languages__overlap=["sv"]).count()
    assert counts["language"]["fi"] == listed.filter(languages__contains=["fi", "sv"]).count()
    assert page.page_obj.paginator.count == counts["total"][""]


def test_a_page_of_the_register_in_name_order_reads_an_index(big_register):
    page = RegisterPage(QueryDict("page=3"))

    plan = page.filtered.with_list_data()[50:75].explain()

    assert "Seq Scan on organizations_association" not in plan, plan
    assert "association_name_order_idx" in plan, plan


def test_the_api_count_of_a_filtered_register_reads_an_index(big_register):
    # The whole register's count is kept by triggers; a filtered one is counted.
    filtered = RegisterPage(QueryDict("language=sv")).filtered
    sql, params = filtered.order_by().values("id").query.sql_with_params()

    plan = explain(f"SELECT COUNT(*) FROM ({sql}) AS listed", params)  # noqa: S608 - our SQL

    assert "Seq Scan on organizations_association" not in plan, plan
    assert "association_listed_idx" in plan or "association_languages_idx" in plan, plan


def test_a_search_with_a_typo_looks_names_up_in_the_trigram_index(big_register):
    from organizations.models import search_match

    Association.objects.bulk_create(
        Association(name=f"{village} Urheiluseura ry", slug=f"us-{village.lower()}")
        for village in ("Rantakylän", "Koivulan", "Kirkonkylän")
    )
    sql, params = (
        Association.objects.filter(search_match(["urheluseura"]))
        .values("pk")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_association")
        # The planner's own choice: the name-order index must not win by testing every name.
        cursor.execute("SET LOCAL enable_seqscan = on")

    plan = explain(sql, params)

    assert "association_name_trgm_idx" in plan, plan
    assert "association_name_order_idx" not in plan, plan


@pytest.mark.parametrize("sort", ["", "name", "newest"])
def test_a_search_page_reads_its_rows_by_the_ids_the_counts_found(
    big_register, django_assert_num_queries, sort
):
    from organizations.services import refresh_search_vector

    refresh_search_vector()
    data = QueryDict(f"q=yhdistys&sort={sort}&page=2")
    page = RegisterPage(data)
    expected = page.filterset.order(Association.objects.listed().search("yhdistys"))

    with django_assert_num_queries(2):  # the counts with the ids, then the page's rows
        shown = [association.pk for association in page.rows[25:50]]

    assert shown == [association.pk for association in expected[25:50]]
    assert page.counts["total"][""] == expected.count() > 50
