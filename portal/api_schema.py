"""The open API's schema: the error answers every operation documents, in one shape.

Apart from portal/api.py because DRF imports the paginator while drf-spectacular's schema
class imports DRF's generic views.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The answer of every refused request but invalid parameters (404, 405, 429…)."""

    detail = serializers.CharField(help_text="Why the request failed, in the request's language.")


# DRF's answer to invalid parameters: each parameter with its reasons.
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "minProperties": 1,
    "example": {"page": ["A page number is a whole number from 1 up, or “last”."]},
}

NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such resource, or a page past the last one."
)
INVALID = OpenApiResponse(
    VALIDATION_ERROR,
    description="A filter, search or page value was not understood: each with its reasons.",
)
THROTTLED = OpenApiResponse(
    ErrorSerializer, description="Too many requests from one address; see `Retry-After`."
)


class ApiSchema(AutoSchema):
    """Documents the errors every operation can answer with, in one shape across the API.

    404 for a missing resource or a page past the last, 400 with the parameters' reasons where
    an operation takes query parameters, 429 when the anonymous rate is used up. An operation
    that documents a code itself keeps its own description.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        paged = self._is_list_view() and self._get_paginator() is not None
        errors = {"429": THROTTLED}
        if paged or "{" in self.path:
            errors["404"] = NOT_FOUND
        if paged or self._get_filter_parameters():
            errors["400"] = INVALID
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") != "query":
                continue
            schema = parameter.get("schema", {})
            if schema.get("type") == "array":
                # A repeatable filter names values: an empty one is refused with 400.
                if schema.get("items", {}).get("type") == "string":
                    schema["items"] = {**schema["items"], "minLength": 1}
            else:
                # A single filter sent empty is a filter not given, as on the portal's forms.
                parameter["allowEmptyValue"] = True
        return parameters
