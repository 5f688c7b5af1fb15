"""Awarded grants as open data (360Giving JSON package and CSV), built once per data version."""

from grants import opendata
from portal import downloads


def opendata_json(request):
    """The 360Giving data package of the municipality's awarded grants."""
    return downloads.serve(request, opendata.JSON_DOWNLOAD, opendata.version)


def opendata_csv(request):
    """The awarded grants as CSV with 360Giving's field names."""
    return downloads.serve(request, opendata.CSV_DOWNLOAD, opendata.version)
