"""Read-only API of awarded grants, in the same 360Giving shape as the open-data package."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from grants import opendata


class AwardedGrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Awarded grants (360Giving fields, `x_` extras documented in grants/opendata.py)."""

    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return opendata.awarded_rows()

    @extend_schema(operation_id="grants_list", responses=OpenApiTypes.OBJECT)
    def list(self, request, *args, **kwargs):
        # Counting the annotated rows costs more than the page itself: both are cached.
        def make():
            page = self.paginate_queryset(self.get_queryset())
            return self.get_paginated_response([opendata.to_360(row) for row in page]).data

        key = f"api:{request.get_host()}{request.get_full_path()}"
        return Response(opendata.cached(key, make))

    @extend_schema(operation_id="grants_retrieve", responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        row = self.get_queryset().filter(application_id=pk).first()
        if row is None:
            raise Http404
        return Response(opendata.to_360(row))
