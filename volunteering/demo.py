"""Demo volunteer tasks with answers, and what the demo associations share with each other.

Rows are written directly, not through the services: demo decisions nobody made would fill the
audit log. Each row is found again by its association and title, so running the demo twice adds
only what is missing.
"""

from datetime import timedelta

from django.utils import timezone

from organizations.models import Association
from portal.models import User
from volunteering.caching import data_changed
from volunteering.models import Answer, Offer, ShareRequest, Task

SPORTS_CLUB = "esimerkkilan-urheiluseura-ry"
VILLAGE = "esimerkkilan-kylayhdistys-ry"

# (title, category, first day in days from today or None, last day, time, place, area,
#  suits, languages, accessible, people, description)
TASKS: list[tuple] = [
    (
        "Järjestyksenvalvojia kyläjuoksuun",
        "events",
        12,
        12,
        "la 9–15",
        "Urheilukenttä, Koulutie 5",
        "Kirkonkylä",
        ["adults"],
        ["fi"],
        False,
        6,
        "Tarvitsemme reittivalvojia ja järjestyksenvalvojia kyläjuoksuun. "
        "Järjestyksenvalvojakortti on eduksi, mutta reittivalvojaksi pääsee ilman. "
        "Saat eväät ja seuran t-paidan.",
    ),
    (
        "Junioreiden harjoitusapulainen",
        "sports",
        None,
        120,
        "ti ja to 17–18.30",
        "Liikuntahalli",
        "Kirkonkylä",
        ["youth", "adults", "beginners"],
        ["fi", "sv"],
        False,
        2,
        "Etsimme aikuista tai 15 vuotta täyttänyttä nuorta avuksi 7–9-vuotiaiden "
        "harjoituksiin. Kokemusta ei tarvita, seura kouluttaa.",
    ),
    (
        "Lukukaveri kirjastoon",
        "company",
        None,
        200,
        "noin tunti viikossa",
        "Kirjasto, Kirkkotie 2",
        "Kirkonkylä",
        ["adults", "seniors", "beginners"],
        ["fi"],
        True,
        4,
        "Luetaan yhdessä lasten kanssa kirjaston lukunurkassa. Tila on esteetön ja tehtävän voi "
        "tehdä istuen.",
    ),
]
VILLAGE_TASKS: list[tuple] = [
    (
        "Rantasaunan kevättalkoot",
        "talkoot",
        20,
        21,
        "pe–la klo 10 alkaen",
        "Uimaranta, Rantatie 8",
        "Järvenpää",
        ["adults", "families", "one_off"],
        ["fi"],
        False,
        15,
        "Siivotaan ranta ja saunan ympäristö, kunnostetaan laituri. Talkoolaisille keittolounas.",
    ),
    (
        "Kyläjuhlan kahvion vuorot",
        "events",
        45,
        45,
        "su 11–16",
        "Seurantalo, Kylätie 3",
        "Järvenpää",
        ["youth", "adults", "seniors", "one_off"],
        ["fi", "en"],
        True,
        8,
        "Kahvion myyjiä kahden tunnin vuoroihin. Myynti kassalla, kahvinkeitto ja leivonnaiset.",
    ),
    (
        "Syksyn metsäsiivous",
        "environment",
        -60,
        -50,
        "",
        "Kylän lähimetsä",
        "Järvenpää",
        ["families"],
        ["fi"],
        False,
        10,
        "Viime syksyn siivoustalkoot (päättynyt tehtävä, näkyy yhdistyksen omassa listassa).",
    ),
]
# (association slug, kind, title, terms, price, qualification valid for days, description)
OFFERS: list[tuple] = [
    (
        VILLAGE,
        "equipment",
        "Juhlateltta 6 × 12 m",
        "lend",
        "",
        None,
        "Iso juhlateltta sivuseinineen. Pystytykseen tarvitaan neljä henkeä; ohjeet mukana.",
    ),
    (
        VILLAGE,
        "equipment",
        "Peräkärry",
        "lend",
        "",
        None,
        "Kuomullinen peräkärry, kantavuus 750 kg. Noudetaan seurantalolta.",
    ),
    (
        VILLAGE,
        "equipment",
        "Pöydät ja tuolit (40 hengelle)",
        "rent",
        "20 € / viikonloppu",
        None,
        "Kokoontaitettavat pöydät ja pinottavat tuolit. Kuljetus omalla kärryllä.",
    ),
    (
        SPORTS_CLUB,
        "equipment",
        "Äänentoistolaitteet",
        "rent",
        "50 € / tapahtuma",
        None,
        "Kaksi kaiutinta, mikseri ja kaksi langatonta mikrofonia. Perehdytys luovutettaessa.",
    ),
    (
        SPORTS_CLUB,
        "skill",
        "Järjestyksenvalvojat (3 kortillista)",
        "free",
        "",
        25,
        "Seuran kolmella jäsenellä on voimassa oleva järjestyksenvalvojakortti. "
        "Apua yleisötilaisuuksiin.",
    ),
    (
        SPORTS_CLUB,
        "skill",
        "Ensiapuryhmä (EA 2)",
        "free",
        "",
        300,
        "Ensiapupäivystys pieniin ja keskisuuriin tapahtumiin. EA 2 -koulutetut päivystäjät.",
    ),
]
RESIDENTS = [
    ("Anni Asukas", "anni.asukas@example.fi", "040 765 4321", "Pääsen mukaan koko päiväksi."),
    ("Ville Virtanen", "ville.virtanen@example.fi", "", "Minulla on järjestyksenvalvojakortti."),
    ("Sanna Saari", "sanna.saari@example.fi", "", "Voin tulla aamupäiväksi."),
]


def _task(association: Association, row: tuple, today, user) -> Task:
    (
        title,
        category,
        first,
        last,
        times,
        place,
        area,
        suits,
        languages,
        accessible,
        people,
        description,
    ) = row
    task, _created = Task.objects.get_or_create(
        association=association,
        title=title,
        defaults={
            "category": category,
            "starts_on": today + timedelta(days=first) if first is not None else None,
            "ends_on": today + timedelta(days=last),
            "time_text": times,
            "place": place,
            "area": area,
            "suits": suits,
            "languages": languages,
            "is_accessible": accessible,
            "people_needed": people,
            "description": description,
            "created_by": user,
        },
    )
    return task


def seed(*, stdout) -> None:
    """Tasks of the two demo associations with answers; offers and requests between them."""
    associations = {a.slug: a for a in Association.objects.filter(slug__in=[SPORTS_CLUB, VILLAGE])}
    if len(associations) < 2:
        stdout.write("the demo associations are missing; run the register's demo first")
        return
    today = timezone.localdate()
    sports_rep = User.objects.filter(email="urheiluseura@example.fi").first()
    village_rep = User.objects.filter(email="kylayhdistys@example.fi").first()
    tasks = [_task(associations[SPORTS_CLUB], row, today, sports_rep) for row in TASKS]
    tasks += [_task(associations[VILLAGE], row, today, village_rep) for row in VILLAGE_TASKS]
    now = timezone.now()
    for number, (name, email, phone, message) in enumerate(RESIDENTS):
        for task in tasks[: 2 + number]:
            accepted = task == tasks[0] and number == 0
            Answer.objects.get_or_create(
                task=task,
                email=email,
                defaults={
                    "name": name,
                    "phone": phone,
                    "message": message,
                    "has_consented": True,
                    "status": Answer.Status.ACCEPTED if accepted else Answer.Status.PENDING,
                    "decided_by": sports_rep if accepted else None,
                    "decided_at": now if accepted else None,
                },
            )
    offers = {}
    for slug, kind, title, terms, price, valid_days, description in OFFERS:
        offers[title], _created = Offer.objects.get_or_create(
            association=associations[slug],
            title=title,
            defaults={
                "kind": kind,
                "terms": terms,
                "price_text": price,
                "qualification_expires_on": (
                    today + timedelta(days=valid_days) if valid_days else None
                ),
                "description": description,
                "created_by": sports_rep if slug == SPORTS_CLUB else village_rep,
            },
        )
    requests = [
        (offers["Juhlateltta 6 × 12 m"], SPORTS_CLUB, sports_rep, 12, ShareRequest.Status.ACCEPTED),
        (offers["Peräkärry"], SPORTS_CLUB, sports_rep, -30, ShareRequest.Status.RETURNED),
        (offers["Äänentoistolaitteet"], VILLAGE, village_rep, 45, ShareRequest.Status.PENDING),
    ]
    for offer, slug, user, days, status in requests:
        decided = status != ShareRequest.Status.PENDING
        ShareRequest.objects.get_or_create(
            offer=offer,
            association=associations[slug],
            defaults={
                "requested_by": user,
                "starts_on": today + timedelta(days=days),
                "ends_on": today + timedelta(days=days + 1),
                "message": "Tarvitsisimme tätä tapahtumaamme. Haemme itse.",
                "status": status,
                "decided_by": (village_rep if slug == SPORTS_CLUB else sports_rep)
                if decided
                else None,
                "decided_at": now if decided else None,
                "returned_at": now if status == ShareRequest.Status.RETURNED else None,
            },
        )
    data_changed()
    stdout.write(f"{len(tasks)} volunteer tasks, {len(offers)} shared offers")
