"""A page of a filtered public list, counted and read with SQL compiled once per filter values.

Putting a filtered queryset together and compiling it, once for its COUNT and once for its
page, cost as much as the rest of a list page. The SQL depends only on the filters' values
(and on today's date where the list is cut at it), so each worker keeps it for the last few
hundred combinations (portal.database.CompiledStatements); every page still reads its count
and rows from the database.
"""

from collections.abc import Callable, Hashable
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

from portal.database import CompiledStatements


def kept_page(
    statements: CompiledStatements,
    key: Hashable,
    queryset: Callable[..., QuerySet],
    number,
    per_page: int,
    *values,
    model: type[Model] | None = None,
    read_as: Callable[[QuerySet], QuerySet] | None = None,
) -> Page:
    """Page `number` of `queryset(*values)`, read as Paginator.get_page reads it (the first
    page for a number that is no number, the last for one past the end).

    `key` must determine the queryset but for its `values` (CompiledStatements): its filters'
    values, and today's date when that is among its parameters and not passed as a value;
    `queryset` is called only when the key is new. The page's rows are what the ORM reads
    (CompiledStatements.objects), or, given a `model`, `model` instances with the queryset's
    fields and annotations made with Model.objects.raw, cheaper for plain rows: related
    objects (select_related) are then not filled in, so annotate what a row shows of them.
    `read_as` gives what the rows read of the queryset (their names, through joins); the count
    counts the queryset alone, which an index may answer without reading a row.
    """
    page = Paginator(range(statements.count(key, queryset, *values)), per_page).get_page(number)
    shown = cast(range, page.object_list)

    def rows(*given):
        found = queryset(*given)
        return (found if read_as is None else read_as(found))[shown.start : shown.stop]

    page_key = (key, shown.start, shown.stop)
    page.object_list = (
        statements.objects(page_key, rows, *values)
        if model is None
        else statements.instances(page_key, rows, model, *values)
    )
    return page
