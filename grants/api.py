"""Read-only API of awarded grants, in the same 360Giving shape as the open-data package."""

import hashlib
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from grants import opendata
from portal.api import PagePagination
from portal.database import CompiledStatements

# The list's count, its pages' ids and its rows, compiled once per page bounds (the ids) and
# number of rows (the rows) in each worker: putting the queries together cost more than
# running them.
STATEMENTS = CompiledStatements(size=500, prepared=True)


def _organisation(name: str) -> serializers.Serializer:
    return inline_serializer(
        name=name,
        many=True,
        fields={"id": serializers.CharField(), "name": serializers.CharField()},
    )


class GrantSerializer(serializers.Serializer):
    """Documents one awarded grant as opendata.to_360 writes it; the data is not read through it.

    Only the fields every grant has are listed; 360Giving's further fields and the `x_` extras
    of grants/opendata.py may follow.
    """

    id = serializers.CharField(help_text="360Giving identifier, ending in the application id.")
    title = serializers.CharField()
    description = serializers.CharField()
    currency = serializers.ChoiceField(choices=["EUR"])
    amountAwarded = serializers.FloatField()  # 360Giving's field names
    amountAppliedFor = serializers.FloatField()
    amountDisbursed = serializers.FloatField()
    awardDate = serializers.DateField()
    plannedDates = inline_serializer(
        name="GrantPlannedDates",
        many=True,
        fields={
            "startDate": serializers.DateField(),
            "endDate": serializers.DateField(required=False),
        },
    )
    recipientOrganization = _organisation("GrantRecipient")
    fundingOrganization = _organisation("GrantFunder")
    grantProgramme = inline_serializer(
        name="GrantProgramme",
        many=True,
        fields={"code": serializers.CharField(), "title": serializers.CharField()},
    )
    fromOpenCall = serializers.CharField()
    x_round = serializers.CharField(help_text="The grant round.")


class AwardedPaginator(Paginator):
    """Counts the awarded grants and reads a page's decision ids with statements kept in
    STATEMENTS; the object list is opendata.awarded_ids(), whose pages they read."""

    @cached_property
    def count(self) -> int:
        return STATEMENTS.count("count", opendata.awarded_count_query)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # The bounds are written into the SQL, not passed as parameters: they are in the key.
        ids = STATEMENTS.objects(("ids", bottom, top), lambda: opendata.awarded_ids()[bottom:top])
        return Page(ids, number, self)


class AwardedPagination(PagePagination):
    django_paginator_class = AwardedPaginator


def _rows(ids: list[int]) -> list[dict]:
    """The awarded grants of these decision ids, newest first, as opendata.awarded_rows()
    reads them; compiled once per number of ids."""
    return STATEMENTS.objects(
        "rows", lambda kept: opendata.awarded_rows().filter(pk__in=kept), tuple(ids)
    )


class AwardedGrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Awarded grants (360Giving fields, `x_` extras documented in grants/opendata.py)."""

    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"
    pagination_class = AwardedPagination
    serializer_class = GrantSerializer

    def get_queryset(self):
        return opendata.awarded_rows()

    @extend_schema(operation_id="grants_list", summary="List the awarded grants")
    def list(self, request, *args, **kwargs):
        # The page is found over the awarded decisions' ids alone (through the index
        # decision_awarded_idx) and counted by an anti-join, then only its rows are read with
        # their joins and sums: sorting or counting the joined rows cost more than the page.
        def make():
            ids = self.paginate_queryset(opendata.awarded_ids())
            shared = opendata.Shared()
            grants = [opendata.to_360(row, shared) for row in _rows(ids)]
            return self.get_paginated_response(grants).data

        # Hashed: any query string makes a key, and a key must stay short whatever is sent.
        address = f"{request.get_host()}{request.get_full_path()}".encode()
        key = f"api:{hashlib.sha256(address).hexdigest()}"
        return Response(opendata.cached(key, make))

    @extend_schema(operation_id="grants_retrieve", summary="One awarded grant")
    def retrieve(self, request, pk=None):
        row = self.get_queryset().filter(application_id=pk).first()
        if row is None:
            raise Http404
        return Response(opendata.to_360(row))
