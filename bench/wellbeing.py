"""Wellbeing benchmark: the officer reads a round of 300 answers by theme; the public pages.

The reading page's query count does not grow with the answers (tests/wellbeing/
test_round_views.py); here it is loaded as the liaison officer, signed in with a second factor.
Its figures and page of answers are rendered once per data version and then read from the cache.
The round's XLSX export is a download of a second or so, longer than the load generator waits
for an answer; its query count is constant too, and it is not loaded here.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone

from bench import Scenario, wellbeing_followup

ANSWERS = 300
PREFIX = "bench-hyvinvointi"
OFFICER = "bench-wellbeing@example.invalid"
TITLE = "Bench: hyvinvointikertomuksen kierros"
THEMES = ["yksinaisyys", "lapset-ja-perheet", "ikaihmiset", "liikunta", "osallisuus"]


def _officer():
    from portal.models import RoleGrant, User

    officer, _created = User.objects.get_or_create(email=OFFICER, defaults={"first_name": "Bench"})
    RoleGrant.objects.get_or_create(user=officer, role=RoleGrant.Role.LIAISON_OFFICER)
    Authenticator.objects.get_or_create(
        user=officer, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH"}}
    )
    return officer


@transaction.atomic
def _prepare(stdout):
    from organizations.models import Association, TargetGroup
    from wellbeing.models import AnswerTargetGroup, InputAnswer, InputRound, Quotation, Theme
    from wellbeing.services import data_changed

    existing = InputRound.objects.filter(title=TITLE).first()
    if existing is not None:
        stdout.write("already prepared")
        return existing
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": slug.title(), "order": n})[0]
        for n, slug in enumerate(THEMES)
    ]
    groups = [
        TargetGroup.objects.get_or_create(
            slug=f"{PREFIX}-{n}", defaults={"name": f"Kohderyhmä {n}", "order": 100 + n}
        )[0]
        for n in range(4)
    ]
    associations = Association.objects.bulk_create(
        Association(name=f"Bench Hyvinvointi {n} ry", slug=f"{PREFIX}-{n}", is_verified=True)
        for n in range(ANSWERS)
    )
    today = timezone.localdate()
    input_round = InputRound.objects.create(
        year=today.year,
        title=TITLE,
        opens_on=today - timedelta(days=30),
        deadline=today - timedelta(days=1),
        status=InputRound.Status.PUBLISHED,
        summary="Yhdistykset kertoivat havainnoistaan. " * 20,
        published_at=timezone.now(),
    )
    input_round.themes.set(themes)
    now = timezone.now()
    answers = InputAnswer.objects.bulk_create(
        InputAnswer(
            round=input_round,
            association=association,
            status=InputAnswer.Status.SUBMITTED,
            submitted_at=now,
            observed_needs="Yksin asuvat ikäihmiset jäävät kotiin talvella. " * 8,
            own_actions="Kahvitupa ja kimppakyydit. " * 6,
            proposals="Palveluliikenne kylien kautta kerran viikossa. " * 4,
            needs_premises=n % 3 == 0,
            needs_funding=n % 2 == 0,
            structures=["hyte"] if n % 4 == 0 else [],
        )
        for n, association in enumerate(associations)
    )
    InputAnswer.themes.through.objects.bulk_create(
        InputAnswer.themes.through(inputanswer_id=answer.pk, theme_id=themes[(n + k) % 5].pk)
        for n, answer in enumerate(answers)
        for k in (0, 2)
    )
    AnswerTargetGroup.objects.bulk_create(
        AnswerTargetGroup(answer=answer, target_group=groups[(n + k) % 4], people_reached=20 + n)
        for n, answer in enumerate(answers)
        for k in (0, 1)
    )
    Quotation.objects.bulk_create(
        Quotation(answer=answer, theme=themes[n % 5], text="Moni jää kotiin.", is_approved=True)
        for n, answer in enumerate(answers[:40])
    )
    data_changed()
    stdout.write(f"a round of {len(answers)} answers")
    return input_round


def prepare(*, stdout) -> list[Scenario]:
    input_round = _prepare(stdout)
    _officer()
    return [
        Scenario(
            name="wellbeing: answers by theme (300 answers)",
            path=f"/hyvinvointi/kierrokset/{input_round.pk}/?teema=yksinaisyys",
            # The back office's bar: the figures and the page of answers come from the cache.
            min_ratio=0.05,
            uncached_min_ratio=0.05,
            max_p95_ms=100.0,
            user_email=OFFICER,
        ),
        Scenario("wellbeing: index", "/hyvinvointi/"),
        Scenario(
            "wellbeing: summary (300 answers)",
            f"/hyvinvointi/kierrokset/{input_round.pk}/yhteenveto/",
        ),
        *wellbeing_followup.scenarios(stdout=stdout, officer_email=OFFICER),
    ]
