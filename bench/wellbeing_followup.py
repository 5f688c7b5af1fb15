"""The association survey's results page with 300 associations answering three years running.

Loaded from bench/wellbeing.py. The page's query count does not grow with the answers
(tests/wellbeing/test_survey_views.py); here it is loaded as a resident (cached, and uncached
with BENCH_UNCACHED=1) and as the liaison officer, who also reads the free texts.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from bench import Scenario

ASSOCIATIONS = 300
YEARS = 3
PREFIX = "bench-kysely"
CATEGORIES = ["bench-kysely-urheilu", "bench-kysely-kulttuuri", "bench-kysely-kyla"]


@transaction.atomic
def _prepare(stdout) -> int:
    from organizations.models import Association, Category
    from wellbeing.followup_services import followup_version
    from wellbeing.models import (
        CORE_QUESTIONS,
        Survey,
        SurveyAnswer,
        SurveyQuestion,
        SurveyResponse,
    )

    this_year = timezone.localdate().year
    if Association.objects.filter(slug=f"{PREFIX}-0").exists():
        stdout.write("already prepared")
        return this_year
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": slug.split("-")[-1].title()})[0]
        for slug in CATEGORIES
    ]
    associations = Association.objects.bulk_create(
        Association(name=f"Bench Kysely {n} ry", slug=f"{PREFIX}-{n}", is_verified=True)
        for n in range(ASSOCIATIONS)
    )
    Association.categories.through.objects.bulk_create(
        Association.categories.through(
            association_id=association.pk, category_id=categories[n % len(categories)].pk
        )
        for n, association in enumerate(associations)
    )
    now = timezone.now()
    for year in range(this_year - YEARS + 1, this_year + 1):
        survey = Survey.objects.filter(year=year).first()
        if survey is None:
            survey = Survey.objects.create(
                year=year, opens_on=date(year, 1, 1), closes_on=date(year, 12, 31)
            )
            SurveyQuestion.objects.bulk_create(
                SurveyQuestion(
                    survey=survey,
                    code=core["code"],
                    theme=core["theme"],
                    kind=core["kind"],
                    text=str(core["text"]),
                    order=order,
                )
                for order, core in enumerate(CORE_QUESTIONS, start=1)
            )
        questions = list(survey.questions.all())
        responses = SurveyResponse.objects.bulk_create(
            SurveyResponse(survey=survey, association=association, submitted_at=now)
            for association in associations
        )
        SurveyAnswer.objects.bulk_create(
            (
                SurveyAnswer(
                    response=response,
                    question=question,
                    score=1 + (n + k + year) % 5 if question.is_scale and (n + k) % 9 else None,
                    cant_say=question.is_scale and not (n + k) % 9,
                    text="" if question.is_scale else f"Vapaa vastaus {n}: lisää iltavuoroja.",
                )
                for n, response in enumerate(responses)
                for k, question in enumerate(questions)
            ),
            batch_size=5000,
        )
    followup_version.bump()
    stdout.write(f"{ASSOCIATIONS} associations answering the survey {YEARS} years running")
    return this_year


def scenarios(*, stdout, officer_email: str) -> list[Scenario]:
    year = _prepare(stdout)
    path = f"/hyvinvointi/kysely/{year}/tulokset/"
    return [
        Scenario("wellbeing: survey results (300 associations x 3 years)", path),
        Scenario(
            "wellbeing: survey results with free texts, officer (300 x 3 years)",
            path,
            # Signed in, the page is not cached whole; the results are (until an answer changes).
            min_ratio=0.05,
            max_p95_ms=100.0,
            uncached_min_ratio=0.05,
            user_email=officer_email,
        ),
    ]
