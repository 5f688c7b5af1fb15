"""Read-only API of awarded grants, in the same 360Giving shape as the open-data package."""

import hashlib

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from grants import opendata


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


class AwardedGrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Awarded grants (360Giving fields, `x_` extras documented in grants/opendata.py)."""

    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"
    serializer_class = GrantSerializer

    def get_queryset(self):
        return opendata.awarded_rows()

    @extend_schema(operation_id="grants_list", summary="List the awarded grants")
    def list(self, request, *args, **kwargs):
        # The page is found and counted over the awarded decisions' ids alone (through the
        # index decision_awarded_idx), then only its rows are read with their joins and sums:
        # sorting or counting the joined rows cost more than the page itself.
        def make():
            ids = list(self.paginate_queryset(opendata.awarded_ids()))
            rows = self.get_queryset().filter(pk__in=ids)
            return self.get_paginated_response([opendata.to_360(row) for row in rows]).data

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
