import gzip

import pytest
from django.test import RequestFactory

from portal import downloads

pytestmark = pytest.mark.usefixtures("private_storage")

BODIES: list[bytes] = [b"first"]
DOWNLOAD = downloads.Download(
    key="example.txt", builder="tests.portal.test_downloads.body", content_type="text/plain"
)


def body() -> bytes:
    return BODIES[-1]


@pytest.fixture(autouse=True)
def _reset_body():
    BODIES[:] = [b"first"]


def get(version="1", **headers):
    request = RequestFactory().get("/example.txt", headers=headers)
    return downloads.serve(request, DOWNLOAD, version)


def content(response) -> bytes:
    return response.content


def test_a_download_is_served_with_an_etag_and_last_modified():
    response = get()

    assert response.status_code == 200
    assert content(response) == b"first"
    assert response["ETag"] == '"example.txt-1"'
    assert "Last-Modified" in response
    assert "Accept-Encoding" in response["Vary"]


def test_a_repeat_with_the_etag_gets_not_modified():
    etag = get()["ETag"]

    response = get(If_None_Match=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_repeat_with_the_date_gets_not_modified():
    last_modified = get()["Last-Modified"]

    response = get(If_Modified_Since=last_modified)

    assert response.status_code == 304


def test_the_download_is_gzipped_when_the_client_accepts_it():
    response = get(Accept_Encoding="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(content(response)) == b"first"
    assert response["ETag"] == '"example.txt-1-gzip"'


def test_a_client_that_does_not_accept_gzip_gets_plain_bytes():
    response = get(Accept_Encoding="identity")

    assert "Content-Encoding" not in response
    assert content(response) == b"first"


def test_a_file_is_built_once_per_version():
    get()
    BODIES.append(b"changed")

    assert content(get()) == b"first"


def test_a_new_version_gives_a_new_etag_and_new_content():
    old_etag = get()["ETag"]
    BODIES.append(b"changed")

    response = get(version="2", If_None_Match=old_etag)

    assert response.status_code == 200
    assert response["ETag"] == '"example.txt-2"'
    assert content(response) == b"changed"


def test_older_versions_are_removed_when_a_new_one_is_built():
    get()

    get(version="2")

    assert sorted(p.name for p in downloads.folder().iterdir()) == [
        "example.txt.2",
        "example.txt.2.gz",
    ]


def test_a_version_that_could_leave_the_folder_is_refused():
    with pytest.raises(ValueError, match="Unsafe"):
        get(version="../../etc")
