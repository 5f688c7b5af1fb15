"""A list page read with SQL compiled once per filter values: the page as the ORM reads it,
numbered as Paginator.get_page numbers it, and the rows as they are now."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from portal.database import CompiledStatements
from portal.paging import kept_page
from tests.volunteering.factories import TaskFactory
from volunteering.models import Task
from volunteering.views import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks():
    return [TaskFactory(title=f"Tehtävä {n:02d}") for n in range(7)]


def open_tasks():
    return Task.objects.public().order_by("title").annotate(association_name=F("association__name"))


@pytest.mark.parametrize(
    ("number", "shown"),
    [("1", 1), ("2", 2), ("3", 3), ("4", 3), ("0", 3), ("x", 1), (None, 1)],
)
def test_the_page_is_numbered_and_read_as_the_orm_reads_it(tasks, number, shown):
    statements = CompiledStatements(size=10)

    page = kept_page(statements, "open", open_tasks, number, 3, model=Task)
    again = kept_page(statements, "open", open_tasks, number, 3, model=Task)

    expected = list(open_tasks()[(shown - 1) * 3 : shown * 3])
    assert page.number == again.number == shown
    assert page.paginator.count == 7
    assert [task.pk for task in page.object_list] == [task.pk for task in expected]
    assert [task.pk for task in again.object_list] == [task.pk for task in expected]
    assert page.object_list[0].association_name == expected[0].association.name
    assert page.object_list[0].title == expected[0].title


def test_the_rows_read_their_names_and_the_count_reads_the_list_alone(tasks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def with_names(found):
        return found.annotate(association_name=F("association__name"))

    with CaptureQueriesContext(connection) as queries:
        page = kept_page(
            CompiledStatements(size=10),
            "open",
            lambda: Task.objects.public().order_by("title"),
            "2",
            3,
            read_as=with_names,
        )

    count, rows = (query["sql"] for query in queries.captured_queries)
    assert "JOIN" not in count
    assert "JOIN" in rows
    expected = list(open_tasks()[3:6])
    assert [task.association_name for task in page.object_list] == [
        task.association.name for task in expected
    ]


def test_an_empty_list_has_one_empty_page():
    page = kept_page(CompiledStatements(size=10), "none", open_tasks, "5", 3, model=Task)

    assert page.number == 1
    assert page.paginator.count == 0
    assert page.object_list == []


def test_the_kept_sql_reads_the_rows_of_now(tasks):
    statements = CompiledStatements(size=10)
    before = kept_page(statements, "open", open_tasks, "1", 3, model=Task)
    Task.objects.filter(title="Tehtävä 00").update(status=Task.Status.CLOSED)

    after = kept_page(statements, "open", open_tasks, "1", 3, model=Task)

    assert before.object_list[0].title == "Tehtävä 00"
    assert after.object_list[0].title == "Tehtävä 01"
    assert after.paginator.count == 6


def test_the_task_list_leaves_out_tasks_ending_yesterday_on_a_new_day(resident):
    public.TASK_STATEMENTS.clear()
    TaskFactory(title="Siivoustalkoot", starts_on=None, ends_on=timezone.localdate())
    url = reverse("volunteering:task_list")

    today = resident.get(url).content.decode()
    cache.clear()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        next_day = resident.get(url).content.decode()
    public.TASK_STATEMENTS.clear()

    assert "Siivoustalkoot" in today
    assert "Siivoustalkoot" not in next_day
