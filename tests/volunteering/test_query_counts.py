"""Every list page makes as many queries at 3 rows as at 30."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssociationFactory
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
)


def _rows(kind: str, count: int, association, other) -> str:
    """Make `count` more rows of the kind and return the page that lists them."""
    if kind == "my_tasks":
        for _ in range(count):
            AnswerFactory(task=TaskFactory(association=association))
        return reverse("volunteering:my_tasks")
    if kind == "task_answers":
        task = TaskFactory(association=association, title="Sama tehtävä")
        for _ in range(count):
            AnswerFactory(task=task)
        return reverse("volunteering:task_answers", args=[task.pk])
    if kind == "my_sharing":
        for _ in range(count):
            OfferFactory(association=association)
            ShareRequestFactory(offer=OfferFactory(association=other), association=association)
            ShareRequestFactory(offer=OfferFactory(association=association), association=other)
        return reverse("volunteering:my_sharing")
    OfferFactory.create_batch(count, association=other)
    return reverse("volunteering:offer_list")


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["my_tasks", "task_answers", "my_sharing", "offer_list"])
def test_list_queries_do_not_grow_with_rows(kind, association, association_rep, client_for):
    other = AssociationFactory()
    client = client_for(association_rep)

    few = _queries(client, _rows(kind, 3, association, other))
    # A task's answers page lists one task's: the second task has 30; the other pages add 27.
    many = _queries(client, _rows(kind, 30 if kind == "task_answers" else 27, association, other))

    assert few == many
