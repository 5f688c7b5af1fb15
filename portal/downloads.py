"""Open data files built once per data version, kept on disk and served with HTTP caching.

A download is built by a Celery task when its data version changes and stored, plain and
gzipped, under the private storage: a file survives restarts and is shared by every process on
the machine, unlike the per-process memory cache. A request then only opens a file, and a client
that already has it revalidates with the ETag (key and version) or Last-Modified and gets 304.
"""

import gzip
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.files.storage import storages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
SAFE_VERSION = re.compile(r"^[\w.-]{1,100}$")
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Download:
    """One downloadable file: its stored name, how it is built and how it is served."""

    key: str
    # The dotted path of a function that returns the file's bytes; a path, so the task can run it.
    builder: str
    content_type: str
    as_attachment: bool = False
    license_url: str = CC_BY_4
    extra_headers: dict[str, str] = field(default_factory=dict)


def folder() -> Path:
    # The private storage is a FileSystemStorage (settings.STORAGES): the files live on its disk.
    return Path(storages["private"].path("downloads"))


def stored_path(key: str, version: str) -> Path:
    if not SAFE_VERSION.match(version) or not SAFE_VERSION.match(key):
        raise ValueError(f"Unsafe download name: {key}.{version}")
    return folder() / f"{key}.{version}"


def _write(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a reader never sees half a file."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)


def build(*, key: str, builder: str, version: str) -> Path:
    """Build the file of this version, store it plain and gzipped, and drop older versions."""
    path = stored_path(key, version)
    # The file is the same for every visitor, whatever language their request was in.
    with translation.override(settings.LANGUAGE_CODE):
        body = import_string(builder)()
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path.with_name(path.name + ".gz"), gzip.compress(body, mtime=0))
    # The plain file goes last: its presence says that both are complete.
    _write(path, body)
    for old in path.parent.glob(f"{key}.*"):
        if old.name not in (path.name, path.name + ".gz"):
            old.unlink(missing_ok=True)
    return path


@shared_task
def build_download_task(key: str, builder: str, version: str) -> None:
    """Build one download for one data version, unless an earlier task already did."""
    if not stored_path(key, version).exists():
        build(key=key, builder=builder, version=version)


def _latest(key: str) -> Path | None:
    """The newest stored version of the key, served while a worker builds the current one."""
    candidates = [p for p in folder().glob(f"{key}.*") if not p.name.endswith(".gz")]
    return max(candidates, key=lambda p: p.stat().st_mtime, default=None)


def _ensure(download: Download, version: str) -> Path:
    path = stored_path(download.key, version)
    if path.exists():
        return path
    build_download_task.delay(key=download.key, builder=download.builder, version=version)
    if path.exists():
        return path
    try:
        previous = _latest(download.key)
    except FileNotFoundError:
        previous = None
    return previous or build(key=download.key, builder=download.builder, version=version)


def _open(download: Download, version: str):
    """The stored file and its path; rebuilt once if another process removed it meanwhile."""
    for _attempt in range(2):
        path = _ensure(download, version)
        try:
            return path, path.open("rb"), (path.with_name(path.name + ".gz")).open("rb")
        except FileNotFoundError:
            continue
    path = build(key=download.key, builder=download.builder, version=version)
    return path, path.open("rb"), path.with_name(path.name + ".gz").open("rb")


def serve(request: HttpRequest, download: Download, version: str | Callable[[], str]):
    """The stored file of this data version, gzipped when the client accepts it, or a 304."""
    version = version() if callable(version) else version
    path, plain, packed = _open(download, version)
    wants_gzip = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    served_version = path.name.removeprefix(f"{download.key}.")
    etag = f'"{download.key}-{served_version}{"-gzip" if wants_gzip else ""}"'
    last_modified = int(os.fstat(plain.fileno()).st_mtime)
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": "public, no-cache",
        "Access-Control-Allow-Origin": "*",
        "Link": f'<{download.license_url}>; rel="license"',
        **download.extra_headers,
    }
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        plain.close()
        packed.close()
        response: HttpResponse = not_modified
        if isinstance(not_modified, HttpResponseNotModified):
            for name, value in headers.items():
                response[name] = value
            patch_vary_headers(response, ["Accept-Encoding"])
        return response
    # A municipality's open data is a few megabytes at most: read whole, it keeps `.content`.
    chosen, other = (packed, plain) if wants_gzip else (plain, packed)
    other.close()
    with chosen:
        response = HttpResponse(chosen.read(), content_type=download.content_type)
    disposition = "attachment" if download.as_attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{download.key}"'
    if wants_gzip:
        response["Content-Encoding"] = "gzip"
    for name, value in headers.items():
        response[name] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
