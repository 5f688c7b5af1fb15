import json

import pytest

from portal.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/portal.css": "css/portal.0a1b.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_page_links_each_file_under_its_hashed_name_every_time(storage):
    assert storage.url("css/portal.css") == "/static/css/portal.0a1b.css"
    assert storage.url("css/portal.css") == "/static/css/portal.0a1b.css"


def test_a_file_the_manifest_lacks_fails_every_time_rather_than_being_kept(storage):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
