"""The demo municipality's people and pages: one user for every role, the liaison role, rules.

The demo password is printed by `make run`; it is for a local demo only.
"""

from allauth.account.models import EmailAddress

from portal.models import ContentPage, LiaisonRole, RoleGrant, Sector, SectorContact, User

# Known to all who read this file, so seed_demo refuses to run with DEBUG off.
DEMO_PASSWORD = "demo-Esimerkkila-2026"  # noqa: S105

# (e-mail, first name, last name, role, sector, what the account shows in the demo)
DEMO_USERS = [
    ("yhdyshenkilo@esimerkkila.fi", "Liisa", "Laine", RoleGrant.Role.LIAISON_OFFICER, "",
     "liaison officer"),
    ("kulttuuri@esimerkkila.fi", "Kalle", "Kivelä", RoleGrant.Role.SECTOR_OFFICER, Sector.CULTURE,
     "sector officer, culture"),
    ("liikunta@esimerkkila.fi", "Sari", "Saarinen", RoleGrant.Role.SECTOR_OFFICER, Sector.SPORTS,
     "sector officer, sports"),
    ("nuoriso@esimerkkila.fi", "Niko", "Nieminen", RoleGrant.Role.SECTOR_OFFICER, Sector.YOUTH,
     "sector officer, youth"),
    ("agentti@example.fi", "Aino", "Aalto", RoleGrant.Role.ASSOCIATION_AGENT, "",
     "association agent"),
    ("valtuutettu@example.fi", "Ville", "Virtanen", RoleGrant.Role.COUNCIL_MEMBER, "",
     "council member"),
    ("urheiluseura@example.fi", "Pekka", "Peltonen", None, "",
     "chair of Esimerkkilän Urheiluseura ry"),
    ("kylayhdistys@example.fi", "Maija", "Mäkinen", None, "",
     "secretary of Esimerkkilän Kyläyhdistys ry"),
    ("asukas@example.fi", "Anna", "Asukas", None, "", "signed-up user with no association"),
]  # fmt: skip

# Demo representatives and the associations (by slug) they represent.
DEMO_REPRESENTATIVES = [
    ("urheiluseura@example.fi", "esimerkkilan-urheiluseura-ry", "chair"),
    ("kylayhdistys@example.fi", "esimerkkilan-kylayhdistys-ry", "secretary"),
]

LIAISON_ROLE = {
    "officer_name": "Liisa Laine",
    "title": "hyvinvointikoordinaattori",
    "title_sv": "välfärdskoordinator",
    "title_en": "wellbeing coordinator",
    "email": "yhdyshenkilo@esimerkkila.fi",
    "phone": "040 123 4567",
    "working_time": "20 % työajasta, noin yksi päivä viikossa",
    "working_time_sv": "20 % av arbetstiden, ungefär en dag i veckan",
    "working_time_en": "20 % of working time, about one day a week",
    "duties": "\n".join(
        [
            "Pitää kunnan yhdistysrekisteriä ja yhdistysten infosivua ajan tasalla",
            "Kutsuu yhdistykset koolle yhdistysiltaan vähintään kahdesti vuodessa",
            "Tuo järjestöjen näkökulman hyvinvointikertomukseen ja HYTE-työryhmään",
            "Valmistelee yhdessä yhdistysten kanssa yhdistysyhteistyöasiakirjan",
            "Neuvoo avustusten hakemisessa ja tilojen käytössä",
            "Tapaa alueen muiden kuntien yhdyshenkilöitä ja yhdistysagentteja",
        ]
    ),
    "duties_en": "\n".join(
        [
            "Keeps the municipality's association register and info hub up to date",
            "Convenes the associations to an association evening at least twice a year",
            "Brings the associations' view to the wellbeing report and the HYTE working group",
            "Drafts the cooperation document together with the associations",
            "Advises on applying for grants and using premises",
            "Meets the region's other liaison officers and association agents",
        ]
    ),
    "mandate": (
        "Sivistyslautakunta on nimennyt yhdyshenkilön 1.1.2026 alkaen. Yhdyshenkilö on "
        "kunnan johtoryhmän hyvinvointijaoston jäsen ja esittelee järjestöasiat sille."
    ),
    "mandate_en": (
        "Appointed by the education and culture committee from 1 January 2026. A member of "
        "the management team's wellbeing section, presenting association matters to it."
    ),
    "reachable": "Tavoitat parhaiten tiistaisin ja torstaisin klo 9–15.",
    "reachable_en": "Best reached on Tuesdays and Thursdays 9–15.",
}

SECTOR_CONTACTS = [
    (Sector.CULTURE, "Kalle Kivelä", "kulttuurisihteeri", "kulttuuri@esimerkkila.fi",
     "kulttuuriavustukset"),
    (Sector.SPORTS, "Sari Saarinen", "vapaa-aikasihteeri", "liikunta@esimerkkila.fi",
     "liikunta-avustukset, liikuntatilojen vuorot"),
    (Sector.YOUTH, "Niko Nieminen", "nuorisosihteeri", "nuoriso@esimerkkila.fi",
     "nuorisoavustukset"),
]  # fmt: skip

# The privacy notice and the accessibility statement are not here: migration 0006 creates them
# on every install.
CONTENT_PAGES = [
    {
        "slug": "yhdistysyhteistyoasiakirja",
        "section": ContentPage.Section.DOCUMENTS,
        "title": "Yhdistysyhteistyöasiakirja",
        "title_en": "Cooperation document",
        "summary": "Kunnan ja yhdistysten yhteiset pelisäännöt",
        "summary_en": "The rules of cooperation agreed between the municipality and associations",
        "body": (
            "# Yhteistyön periaatteet\n\n"
            "Esimerkkilän kunta tunnistaa ja tunnustaa yhdistykset tasavertaisina kumppaneina.\n\n"
            "1. Kunta nimeää järjestöyhdyshenkilön ja kutsuu yhdistykset koolle säännöllisesti.\n"
            "2. Kunta tarjoaa yleishyödylliseen toimintaan maksuttomia tiloja.\n"
            "3. Avustuskäytännöt ovat selkeitä, läpinäkyviä ja tasapuolisia.\n"
            "4. Yhdistykset otetaan mukaan hyvinvointikertomuksen valmisteluun.\n\n"
            "Asiakirja on hyväksytty sivistyslautakunnassa ja sen toteutumista seurataan "
            "vuosittain."
        ),
    },
    {
        "slug": "tilojen-kayttosaannot",
        "section": ContentPage.Section.RULES,
        "title": "Kunnan tilojen käyttösäännöt",
        "title_en": "Rules for using municipal premises",
        "summary": "Milloin tilat ovat maksuttomia ja miten vuorot jaetaan",
        "body": (
            "Kunnan tilat ovat yhdistyksille maksuttomia, kun toiminta on yleishyödyllistä, "
            "maksutonta ja/tai kaikille avointa.\n\n"
            "Vuorot jaetaan tasapuolisesti ja avoimesti. Peruthan varauksesi ajoissa, jotta "
            "vuoro vapautuu muille."
        ),
    },
    {
        "slug": "avustusten-hakuohje",
        "section": ContentPage.Section.INSTRUCTIONS,
        "title": "Näin haet avustusta",
        "title_en": "How to apply for a grant",
        "summary": "Selkokielinen ohje avustuksen hakemiseen ja raportointiin",
        "body": (
            "1. Kirjaudu sisään ja liity yhdistyksesi edustajaksi.\n"
            "2. Valitse avoin haku ja täytä hakemus. Luonnos tallentuu automaattisesti.\n"
            "3. Lähetä hakemus ennen haun päättymistä.\n"
            "4. Kun avustus on käytetty, täytä käyttöselvitys yhdellä vakiolomakkeella."
        ),
    },
]


def seed(*, stdout) -> None:
    """Create the demo users, their roles, the liaison role and the published pages."""
    for email, first, last, role, sector, _shown in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        if role:
            RoleGrant.objects.get_or_create(user=user, role=role, sector=sector)
    admin, created = User.objects.get_or_create(
        email="admin@esimerkkila.fi",
        defaults={"first_name": "Pääkäyttäjä", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=admin, email=admin.email, defaults={"primary": True, "verified": True}
    )

    if not LiaisonRole.objects.exists():
        LiaisonRole.objects.create(**LIAISON_ROLE)
    for sector, name, title, email, handles in SECTOR_CONTACTS:
        SectorContact.objects.get_or_create(
            sector=sector,
            defaults={"name": name, "title": title, "email": email, "handles": handles},
        )
    for page in CONTENT_PAGES:
        ContentPage.objects.get_or_create(slug=page["slug"], defaults=page)
    stdout.write(f"{len(DEMO_USERS) + 1} users, the liaison role, {len(CONTENT_PAGES)} pages")


def link_representatives(*, stdout) -> None:
    """Make the demo representatives approved members of their associations."""
    from organizations.models import Association, Membership

    linked = 0
    for email, slug, role in DEMO_REPRESENTATIVES:
        association = Association.objects.filter(slug=slug).first()
        if association is None:
            continue
        _membership, created = Membership.objects.get_or_create(
            user=User.objects.get(email=email),
            association=association,
            status=Membership.Status.APPROVED,
            defaults={"role": role},
        )
        linked += created
    stdout.write(f"{linked} demo representatives linked")


def login_table() -> list[tuple[str, str]]:
    """(e-mail, what the account shows) for the demo log-ins printed by `make run`."""
    rows = [(email, shown) for email, _f, _l, _r, _s, shown in DEMO_USERS]
    return [*rows, ("admin@esimerkkila.fi", "administrator (Django admin)")]
