"""The council's annual report on the bench municipality: how long the worker takes to build it
and how much memory it needs, then how fast the stored file is served to a council member.

The build runs in a fresh Python process, as a Celery worker would run it, so that its peak
memory is the build's own and not the benchmark's.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import Scenario

COUNCIL_MEMBER = "bench-valtuutettu@example.fi"
# Targets of the annual report's build in the worker.
MAX_BUILD_SECONDS = 10.0
MAX_BUILD_MEGABYTES = 300.0

BUILD_SCRIPT = """
import json, resource, time
import django
django.setup()
from django.utils import timezone, translation
from portal import council
from portal.models import CouncilReport
year = str(timezone.localdate().year)
# A build happens when the figures change: drop the stored versions so that this one is built.
CouncilReport.objects.filter(kind="annual", subject=year, language="fi").delete()
started = time.monotonic()
report = council.build(kind="annual", key=year, language="fi")
seconds = time.monotonic() - started
try:
    # The process's own high-water mark: ru_maxrss would carry over the size of the benchmark
    # that started it, as it survives exec.
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("JSON" + json.dumps({"pk": report.pk, "seconds": seconds, "megabytes": peak,
                           "bytes": report.size}))
"""


def pdf_pages(path: Path) -> int | None:
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def prepare(*, stdout) -> list[Scenario]:
    from django.utils import timezone

    from portal import council
    from portal.models import CouncilReport, RoleGrant, User

    member, _created = User.objects.get_or_create(email=COUNCIL_MEMBER)
    RoleGrant.objects.get_or_create(user=member, role=RoleGrant.Role.COUNCIL_MEMBER)
    output = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    built = json.loads(output[output.index("JSON") + 4 :])
    report = CouncilReport.objects.get(pk=built["pk"])
    report.published_at = timezone.now()
    report.save(update_fields=["published_at"])
    pages = pdf_pages(Path(report.pdf.path))
    missed = [
        f"{label} {value:.1f}, target {target:.0f}"
        for label, value, target in [
            ("build seconds", built["seconds"], MAX_BUILD_SECONDS),
            ("peak megabytes", built["megabytes"], MAX_BUILD_MEGABYTES),
        ]
        if value > target
    ]
    stdout.write(
        f"annual report built in {built['seconds']:.1f} s, peak {built['megabytes']:.0f} MB, "
        f"{pages} pages, {built['bytes'] / 1024:.0f} KiB"
        + (f"; MISSED: {'; '.join(missed)}" if missed else "")
    )
    return [
        # The link the report's page gives a council member; the browser sends the session too.
        Scenario(
            "council: stored annual report PDF",
            council.file_link(report),
            min_ratio=0.5,
            uncached_min_ratio=0.5,
            user_email=COUNCIL_MEMBER,
        )
    ]
