"""Awarded grants as open data (360Giving JSON package and CSV)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse

from grants import opendata


def opendata_json(request):
    """The 360Giving data package of the municipality's awarded grants."""
    response = JsonResponse(
        opendata.package(), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_csv(request):
    response = HttpResponse(opendata.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
