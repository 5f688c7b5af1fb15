"""Addresses for many rows at a time: a list that calls `reverse` once per row spends more
there than on its query."""

from django.urls import reverse

_PLACEHOLDER = "987654321"


class Urls:
    """`reverse(name, args=[value])` for many values (a pk or a slug): the pattern is reversed
    once."""

    def __init__(self, name: str):
        self.pattern = reverse(name, args=[_PLACEHOLDER]).replace(_PLACEHOLDER, "{}")

    def __call__(self, value) -> str:
        return self.pattern.format(value)
