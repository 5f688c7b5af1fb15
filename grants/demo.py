"""Demo grants: three sector programmes, two past rounds with decisions and use reports,
one open round and one year-round round. Idempotent: rows are found by their titles."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from grants.models import (
    AssessmentCriterion,
    BudgetLine,
    Decision,
    ExtraQuestion,
    GrantApplication,
    GrantProgramme,
    GrantRound,
    Payment,
    UseReport,
    UseReportEvent,
)
from grants.services import APPEAL_INSTRUCTIONS
from organizations.models import Association, Membership
from portal.models import Sector, User

PROGRAMMES = [
    (
        Sector.CULTURE,
        "kulttuuri@esimerkkila.fi",
        "Kulttuuriavustukset",
        "Avustuksia yhdistysten kulttuuritoimintaan: konsertit, näyttelyt, teatteri, kerhot.",
    ),
    (
        Sector.SPORTS,
        "liikunta@esimerkkila.fi",
        "Liikunta-avustukset",
        "Toiminta- ja kohdeavustuksia seuroille, jotka liikuttavat kuntalaisia.",
    ),
    (
        Sector.YOUTH,
        "nuoriso@esimerkkila.fi",
        "Nuorisoavustukset",
        "Avustuksia nuorten harrastuksiin ja nuorten omiin tapahtumiin.",
    ),
]
INSTRUCTIONS = (
    "Kuka voi hakea: kunnassa toimivat rekisteröidyt yhdistykset.\n\n"
    "Mihin: yhdistyksen toimintaan tai tapahtumaan, joka on avoin kaikille kuntalaisille.\n\n"
    "Miten: täytä hakemus portaalissa. Kerro mitä teette, kenelle ja mitä se maksaa. "
    "Liitä talousarvio ja edellisen vuoden toimintakertomus. Kysy rohkeasti yhteyshenkilöltä."
)
CRITERIA = [
    ("Vaikuttavuus", "Kuinka moni kuntalainen toiminnasta hyötyy.", 3),
    ("Avoimuus ja saavutettavuus", "Toiminta on avointa, maksutonta tai edullista.", 2),
    ("Toteutettavuus", "Suunnitelma ja talousarvio ovat realistisia.", 1),
]


def _aware(year, month, day):
    return datetime(year, month, day, 16, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


def _programmes() -> dict[str, GrantProgramme]:
    programmes: dict[str, GrantProgramme] = {}
    for sector, email, name, description in PROGRAMMES:
        official = User.objects.filter(email=email).first()
        if official is None:
            continue
        programmes[sector], _created = GrantProgramme.objects.get_or_create(
            sector=sector,
            name=name,
            defaults={"description": description, "contact_official": official},
        )
    return programmes


def _round(programme, title, **fields) -> GrantRound:
    grant_round, created = GrantRound.objects.get_or_create(
        programme=programme,
        title=title,
        defaults={
            "instructions": INSTRUCTIONS,
            "budget": Decimal("20000"),
            "min_amount": Decimal("200"),
            "max_amount": Decimal("4000"),
            "required_attachments": "Talousarvio\nEdellisen vuoden toimintakertomus",
            "is_published": True,
            **fields,
        },
    )
    if created:
        AssessmentCriterion.objects.bulk_create(
            AssessmentCriterion(grant_round=grant_round, name=n, description=d, weight=w, order=i)
            for i, (n, d, w) in enumerate(CRITERIA)
        )
    return grant_round


def _applicant(association, fallback):
    membership = (
        Membership.objects.approved().filter(association=association).select_related("user")
    ).first()
    return membership.user if membership else fallback


def _application(grant_round, association, *, amount, status, submitted_at, by):
    application, created = GrantApplication.objects.get_or_create(
        grant_round=grant_round,
        association=association,
        defaults={
            "title": f"{association.name}: kauden toiminta",
            "purpose_and_activities": "Viikoittainen toiminta ja kaksi avointa tapahtumaa.",
            "target_groups": "Lapset, nuoret ja perheet",
            "planned_events": "Kevätjuhla ja syystapahtuma",
            "expected_participants": 150,
            "planned_volunteer_hours": 200,
            "other_income": Decimal("300"),
            "amount_requested": amount,
            "status": status,
            "submitted_at": submitted_at,
            "created_by": _applicant(association, by),
        },
    )
    if created:
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    application=application,
                    category=BudgetLine.Category.PREMISES,
                    description="Tilavuokrat",
                    amount=amount,
                ),
                BudgetLine(
                    application=application,
                    category=BudgetLine.Category.MATERIALS,
                    description="Tarvikkeet",
                    amount=Decimal("800"),
                ),
            ]
        )
    return application


def _past_round(programme, title, year, associations) -> int:
    grant_round = _round(
        programme,
        title,
        opens_at=_aware(year, 1, 10),
        closes_at=_aware(year, 2, 28),
        use_report_due_on=date(year + 1, 1, 31),
    )
    official = programme.contact_official
    made = 0
    for index, association in enumerate(associations):
        requested = Decimal(1000 + 500 * index)
        application = _application(
            grant_round,
            association,
            amount=requested,
            status=GrantApplication.Status.DECIDED,
            submitted_at=_aware(year, 2, 20),
            by=official,
        )
        if hasattr(application, "decision"):
            continue
        granted = Decimal(0) if index == len(associations) - 1 else requested * Decimal("0.8")
        decision = Decision.objects.create(
            application=application,
            amount=granted,
            reasons="Määräraha jaettiin arviointipisteiden mukaan." if granted < requested else "",
            proposed_by=official,
            decided_by=official,
            decided_on=date(year, 3, 20),
            appeal_instructions=str(APPEAL_INSTRUCTIONS),
        )
        made += 1
        if granted == 0:
            continue
        Payment.objects.create(
            decision=decision,
            instalment_no=1,
            amount=granted,
            status=Payment.Status.PAID,
            paid_on=date(year, 4, 15),
        )
        report = UseReport.objects.create(
            application=application,
            volunteer_hours=150 + 40 * index,
            total_costs=requested + Decimal(800),
            grant_used=granted,
            narrative="Toiminta toteutui suunnitellusti; tapahtumissa oli paljon uusia kävijöitä.",
            status=UseReport.Status.ACCEPTED,
            submitted_by=application.created_by,
        )
        UseReportEvent.objects.bulk_create(
            [
                UseReportEvent(
                    report=report,
                    held_on=date(year, 5, 20),
                    name="Kevätjuhla",
                    participants=80 + 10 * index,
                ),
                UseReportEvent(
                    report=report,
                    held_on=date(year, 9, 15),
                    name="Syystapahtuma",
                    participants=60 + 15 * index,
                ),
            ]
        )
    return made


def seed(*, stdout) -> None:
    """Add the demo grant programmes and rounds, using the associations that exist."""
    associations = list(Association.objects.order_by("pk")[:12])
    if not associations:
        stdout.write("no associations, no grants")
        return
    programmes = _programmes()
    if not programmes:
        stdout.write("no sector officers, no grants")
        return
    first = programmes.get(Sector.CULTURE) or next(iter(programmes.values()))
    second = programmes.get(Sector.SPORTS) or first
    youth = programmes.get(Sector.YOUTH) or first
    now = timezone.now()
    decided = _past_round(first, "Kulttuurin kohdeavustukset 2024", 2024, associations[:4])
    decided += _past_round(second, "Liikunnan toiminta-avustukset 2025", 2025, associations[4:8])
    open_round = _round(
        first,
        "Kulttuurin kohdeavustukset 2026",
        opens_at=now - timedelta(days=14),
        closes_at=now + timedelta(days=21),
        use_report_due_on=date(now.year + 1, 1, 31),
        uses_instalments=True,
    )
    ExtraQuestion.objects.get_or_create(
        grant_round=open_round,
        text="Miten tapahtumanne on saavutettava?",
        defaults={"help_text": "Esteettömyys, hinta, kieli, kuljetukset.", "is_required": True},
    )
    for association in associations[8:10]:
        _application(
            open_round,
            association,
            amount=Decimal("1500"),
            status=GrantApplication.Status.DRAFT,
            submitted_at=None,
            by=first.contact_official,
        )
    _round(
        youth,
        "Nuorten pienavustukset (jatkuva haku)",
        is_year_round=True,
        min_amount=Decimal("50"),
        max_amount=Decimal("500"),
        budget=Decimal("5000"),
        requires_previous_use_report=False,
        decision_batch_dates=[date(now.year, m, 15) for m in (3, 6, 9, 12)],
    )
    stdout.write(f"{len(programmes)} grant programmes, 4 rounds, {decided} new decisions")
