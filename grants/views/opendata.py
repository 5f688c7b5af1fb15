"""Awarded grants as open data (360Giving JSON package and CSV)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from grants import opendata


def opendata_json(request):
    """The 360Giving data package of the municipality's awarded grants."""
    body = opendata.cached(
        "json",
        lambda: json.dumps(opendata.package(), cls=DjangoJSONEncoder, ensure_ascii=False),
    )
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_csv(request):
    body = opendata.cached("csv", opendata.csv_text)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
