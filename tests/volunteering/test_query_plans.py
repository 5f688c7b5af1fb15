"""The public task list stays on indexes when thousands of tasks have come and gone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import AssociationFactory
from volunteering.models import Task
from volunteering.views import public

pytestmark = pytest.mark.django_db

TASKS = 3_000


@pytest.fixture
def years_of_tasks():
    """Three years of tasks: most have expired or been closed, a tenth are open."""
    association = AssociationFactory()
    today = timezone.localdate()
    rows = [
        Task(
            association=association,
            title=f"Tehtävä {n}",
            description="Talkoot",
            category=Task.Category.TALKOOT,
            ends_on=today + timedelta(days=30 if n % 10 == 0 else -1 - n % 900),
            place="Seurantalo",
            status=Task.Status.CLOSED if n % 7 == 0 else Task.Status.PUBLISHED,
        )
        for n in range(TASKS)
    ]
    Task.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE volunteering_task")


def test_the_public_list_reads_its_tasks_through_an_index(years_of_tasks):
    tasks = Task.objects.public().with_list_data()[: public.PAGE_SIZE]

    plan = tasks.explain()

    assert "Seq Scan on volunteering_task" not in plan, plan
    assert "Index" in plan, plan


def test_the_public_count_reads_through_an_index(years_of_tasks):
    plan = Task.objects.public().explain()

    assert "Seq Scan on volunteering_task" not in plan, plan


def test_the_area_choices_walk_the_areas_index(years_of_tasks):
    from volunteering.filters import AREAS_SQL

    Task.objects.filter(pk__in=Task.objects.values("pk")[:600]).update(area="Mäkelä")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE volunteering_task")
        cursor.execute(
            "EXPLAIN " + AREAS_SQL,
            {"published": Task.Status.PUBLISHED.value, "today": timezone.localdate()},
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on volunteering_task" not in plan, plan
    assert "task_public_area_idx" in plan, plan


def test_the_list_of_one_kind_reads_that_kind_through_an_index(years_of_tasks):
    kinds = list(Task.Category.values)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE volunteering_task SET category = (%s::text[])[id %% %s + 1]",
            [kinds, len(kinds)],
        )
        cursor.execute("ANALYZE volunteering_task")

    plan = Task.objects.public().filter(category=kinds[0]).order_by().values("pk").explain()

    assert "Seq Scan on volunteering_task" not in plan, plan
    assert "task_public_category_idx" in plan, plan
