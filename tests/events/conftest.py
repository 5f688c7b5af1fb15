import pytest
from django.utils import translation

from events.models import EventSettings


@pytest.fixture(autouse=True)
def _english():
    """Tests read messages in English: reverse() gives /en/ addresses and errors are English."""
    with translation.override("en"):
        yield


@pytest.fixture
def threshold(db):
    """Events expecting 100 people or more are big."""
    settings_row = EventSettings.load()
    settings_row.big_event_threshold = 100
    settings_row.save()
    return 100
