"""Demo data of the yearly follow-up: two years of self-assessments with their actions, an
entered mark, and two years of the association survey (last year's closed, this year's open).

Idempotent: a year that already has its rows is left as it is. The demo representatives'
associations have not answered this year's survey, so that they find it waiting for them.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from organizations.models import Association
from portal.models import User
from wellbeing.followup_services import followup_version
from wellbeing.models import (
    AREAS,
    CORE_QUESTIONS,
    AreaAssessment,
    AssessmentAction,
    MarkFigure,
    SelfAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

OFFICER_EMAIL = "yhdyshenkilo@esimerkkila.fi"
DEMO_REPRESENTED = {"esimerkkilan-urheiluseura-ry", "esimerkkilan-kylayhdistys-ry"}

AREA_TEXTS = {
    1: (
        "Järjestöjen toimintaedellytyksiä ei ole kartoitettu koko kunnan tasolla.",
        "Kunnalla on ajantasainen tilannekuva järjestökentästä ja sen muutoksista.",
    ),
    2: (
        "Järjestöjen merkitys tunnistetaan hyvinvointityössä, palveluissa vaihtelevasti.",
        "Järjestöjen rooli on kirjattu palvelujen suunnitteluun ja hyvinvointikertomukseen.",
    ),
    3: (
        "Järjestöt puuttuvat strategia- ja talousarviovalmistelusta.",
        "Järjestöt kuullaan vuosikellon mukaan ennen talousarvion valmistelua.",
    ),
    4: (
        "Yhteistyön periaatteita ei ole kirjattu.",
        "Yhdistysyhteistyöasiakirja on hyväksytty ja julkaistu.",
    ),
    5: (
        "Yhdyshenkilön työaikaa on varattu noin päivä viikossa.",
        "Vastuutaho ja resurssit on nimetty talousarviossa.",
    ),
    6: (
        "Avustusten periaatteet ovat julkisia, ostopalvelujen eivät.",
        "Avustamisen ja ostopalvelujen muodot ovat läpinäkyviä ja julkisia.",
    ),
    7: (
        "Vanhus- ja vammaisneuvosto sekä nuorisovaltuusto toimivat.",
        "Yhdistysillat ja vaikuttamistoimielimet tukevat toisiaan.",
    ),
    8: (
        "Hankintaosaaminen on kunnassa, järjestöillä vähäistä.",
        "Järjestöille järjestetään hankintakoulutusta yhdessä naapurikuntien kanssa.",
    ),
    9: (
        "Yhdistysportaali otettiin käyttöön.",
        "Kaikki yhdistysasiointi hoituu portaalissa; apua saa yhdistysagentilta.",
    ),
    10: (
        "Vastuunjako hyvinvointialueen kanssa on osin sopimatta.",
        "Yhdyspintasopimus kattaa järjestöyhteistyön.",
    ),
    11: (
        "Seudun yhdyshenkilöt tapaavat kahdesti vuodessa.",
        "Yhteinen tapahtumakalenteri ja koulutukset naapurikuntien kanssa.",
    ),
}
ACTIONS = [
    ("short", "Julkaistaan yhdistysyhteistyöasiakirja portaalissa.", "Järjestöyhdyshenkilö", 4),
    ("short", "Kutsutaan järjestöt talousarvion kuulemiseen.", "Kunnanjohtaja", 3),
    ("medium", "Selkeytetään avustusten hakuohjeet selkokielisiksi.", "Sivistyslautakunta", 6),
    ("long", "Sovitaan yhdyspintatyöstä hyvinvointialueen kanssa.", "Hyvinvointijaosto", 10),
]
FREE_TEXTS = {
    "improve": [
        "Tilavarauksiin enemmän iltavuoroja.",
        "Avustushaun ohjeet selkeämmiksi.",
        "Tiedotus yhdistyksille yhdestä paikasta.",
        "Yhdistysiltoja useammin kuin kerran vuodessa.",
        "Kunnan päätöksistä tieto ajoissa.",
    ],
    "good": [
        "Yhdyshenkilö vastaa nopeasti.",
        "Yhdistystalon tilat ovat maksuttomia.",
        "Tapahtumakalenteri on helppo.",
        "Avustuspäätökset tulivat ajallaan.",
    ],
}


def _assessment(year: int, officer: User | None, lift: int) -> bool:
    assessment, created = SelfAssessment.objects.get_or_create(
        year=year,
        defaults={
            "scale_max": 5,
            "participants": "Urheiluseurojen, kyläyhdistysten ja eläkeläisjärjestöjen edustajat; "
            "järjestöyhdyshenkilö; yhdistysagentti.",
            "summary": "Yhteistyön rakenteet ovat olemassa; seuraavaksi yhteistyö kirjataan "
            "strategiaan ja talousarvioon.",
            "is_published": True,
            "created_by": officer,
        },
    )
    if not created:
        return False
    AreaAssessment.objects.bulk_create(
        AreaAssessment(
            assessment=assessment,
            area=area,
            current_state=AREA_TEXTS[area][0],
            target_state=AREA_TEXTS[area][1],
            follow_up="Tarkastellaan yhdistysillassa ja itsearvioinnissa vuosittain.",
            score=min(5, 1 + (area * 7) % 3 + lift),
        )
        for area in AREAS
    )
    AssessmentAction.objects.bulk_create(
        AssessmentAction(
            assessment=assessment,
            term=term,
            description=description,
            owner=owner,
            area=area,
            due_on=date(year, 12, 31) + timedelta(days=180 * index),
            done_on=date(year, 11, 30) if lift == 0 and index == 0 else None,
        )
        for index, (term, description, owner, area) in enumerate(ACTIONS)
    )
    return True


def _survey(year, opens_on, closes_on, associations, officer, submitted: int, drafts: int):
    survey, created = Survey.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": opens_on,
            "closes_on": closes_on,
            "intro": "Kerro, miten yhteistyö kunnan kanssa on sujunut. Vastaaminen vie noin "
            "kymmenen minuuttia.",
            "created_by": officer,
        },
    )
    if not created:
        return False
    questions = SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                survey=survey,
                code=core["code"],
                theme=core["theme"],
                kind=core["kind"],
                text=str(core["text"]),
                order=order,
            )
            for order, core in enumerate(CORE_QUESTIONS, start=1)
        ]
        + [
            SurveyQuestion(
                survey=survey,
                theme="other",
                kind="scale",
                order=len(CORE_QUESTIONS) + 1,
                text="Yhdistysportaali on helpottanut asiointia kunnan kanssa.",
            )
        ]
    )
    # This year's figures are a little better than last year's: the follow-up shows a change.
    lift = 1 if year == timezone.localdate().year else 0
    answers = []
    for index, association in enumerate(associations[: submitted + drafts]):
        is_sent = index < submitted
        response = SurveyResponse.objects.create(
            survey=survey,
            association=association,
            submitted_at=timezone.now() if is_sent else None,
        )
        for number, question in enumerate(questions):
            if question.is_scale:
                if (index + number) % 11 == 0:
                    answers.append(
                        SurveyAnswer(response=response, question=question, cant_say=True)
                    )
                else:
                    score = min(5, 2 + (index * 3 + number) % 3 + lift)
                    answers.append(SurveyAnswer(response=response, question=question, score=score))
            elif question.code in FREE_TEXTS and index % 2 == 0:
                texts = FREE_TEXTS[question.code]
                answers.append(
                    SurveyAnswer(
                        response=response, question=question, text=texts[index // 2 % len(texts)]
                    )
                )
    SurveyAnswer.objects.bulk_create(answers)
    return True


@transaction.atomic
def seed(*, stdout) -> None:
    """Two years of the follow-up; safe to run again."""
    today = timezone.localdate()
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    associations = list(
        Association.objects.listed().exclude(slug__in=DEMO_REPRESENTED).order_by("name")
    )
    made = 0
    made += _assessment(today.year - 1, officer, lift=0)
    made += _assessment(today.year, officer, lift=1)
    for year, figure, explanation in [
        (today.year - 1, "3 työryhmää", "HYTE-, LAPE- ja kulttuurityöryhmissä järjestöjäsen."),
        (today.year, "4 työryhmää", "Myös strategiatyöryhmässä järjestöjen edustaja."),
    ]:
        _row, created = MarkFigure.objects.get_or_create(
            year=year,
            mark=1,
            defaults={"figure": figure, "explanation": explanation, "entered_by": officer},
        )
        made += created
    made += _survey(
        today.year - 1,
        date(today.year - 1, 3, 1),
        date(today.year - 1, 3, 31),
        associations,
        officer,
        submitted=min(24, len(associations)),
        drafts=2,
    )
    made += _survey(
        today.year,
        today - timedelta(days=10),
        today + timedelta(days=20),
        associations[3:],
        officer,
        submitted=min(14, len(associations)),
        drafts=2,
    )
    if made:
        followup_version.bump()
    stdout.write(f" {made} parts of the yearly follow-up added.")
