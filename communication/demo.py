"""Demo news, messages to the associations and a few residents' subscriptions.

Rows are written directly, not through the services, so the demo neither mails anybody nor
fills the audit log with decisions nobody made. Each row is found by its title or address,
so running the demo again adds only what is missing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communication import audiences
from communication.caching import data_changed
from communication.models import Delivery, Message, News, Subscriber, Subscription
from organizations.models import Association, Category
from portal.models import RoleGrant, User

# (Finnish title, lead, body, Swedish title, lead, body, days ago)
MUNICIPAL_NEWS = [
    (
        "Avustushaku syksyn toimintaan on auki",
        "Yhdistykset voivat hakea kohdeavustusta syksyn tapahtumiin ja toimintaan.",
        "Hakuaika on kolme viikkoa. Lue ohjeet avustussivulta ja kysy rohkeasti "
        "toimialan yhteyshenkilöltä.\n\nHakemus tehdään portaalissa.",
        "Ansökan om bidrag för höstens verksamhet är öppen",
        "Föreningarna kan söka bidrag för höstens evenemang och verksamhet.",
        "Ansökningstiden är tre veckor. Läs anvisningarna på bidragssidan.",
        2,
    ),
    (
        "Yhdistysilta kokoaa yhdistykset kunnantalolle",
        "Syksyn yhdistysillassa puhutaan hyvinvointikertomuksesta ja avustuksista.",
        "Tervetuloa kaikki kunnan yhdistykset. Illan aiheina ovat hyvinvointikertomus, "
        "avustusten uudistus ja yhteinen tapahtumakalenteri.",
        "",
        "",
        "",
        9,
    ),
    (
        "Seurantalon salit ilmaiseksi yhdistysten käyttöön",
        "Kunnan tilat ovat maksutta yleishyödylliseen toimintaan.",
        "Varaa vuorot portaalin tilasivulta. Säännöt on sovittu yhdessä yhdistysten kanssa.",
        "",
        "",
        "",
        20,
    ),
]
ASSOCIATION_NEWS = [
    (
        "Uusi junioriryhmä aloittaa",
        "Seuran junioriryhmä aloittaa syyskuussa, mukaan mahtuu vielä.",
        "Harjoitukset ovat tiistaisin liikuntahallilla. Ilmoittaudu seuran sivuilla.",
        News.Status.PUBLISHED,
    ),
    (
        "Talkoot kylätalolla",
        "Kylätalon kevättalkoisiin tarvitaan kaikki kädet.",
        "Haravoidaan, maalataan ja syödään yhdessä. Talkoot alkavat lauantaina kello 10.",
        News.Status.PENDING,
    ),
]
MESSAGES = [
    (
        Message.Audience.ALL,
        "Yhdistysilta 15.10. – tervetuloa",
        "Hyvä yhdistys,\n\nkutsumme teidät syksyn yhdistysiltaan kunnantalolle. "
        "Ilmoittautumiset portaalissa.\n\nYstävällisin terveisin\nJärjestöyhdyshenkilö",
        "Föreningskväll 15.10 – välkommen",
        "Bästa förening,\n\nvi bjuder in er till höstens föreningskväll i kommunhuset.",
    ),
    (
        Message.Audience.CATEGORY,
        "Liikuntahallin vuorojako ensi kaudelle",
        "Hei urheiluseurat,\n\nliikuntahallin vuorot jaetaan ensi kaudelle. Varatkaa vuorot "
        "portaalissa kuun loppuun mennessä.",
        "",
        "",
    ),
]
SUBSCRIBERS = [
    ("asukas.uutiset@example.fi", "fi", [("news", "")]),
    ("liikkuja@example.fi", "fi", [("grant_rounds", "sports"), ("events", "sports")]),
    ("kulttuuri.ystava@example.fi", "sv", [("events", "culture"), ("events", "music")]),
]


def _officer() -> User | None:
    grant = (
        RoleGrant.objects.filter(role=RoleGrant.Role.LIAISON_OFFICER).select_related("user").first()
    )
    return grant.user if grant else None


def _seed_news(officer: User | None, now) -> int:
    made = 0
    for title, lead, body, title_sv, lead_sv, body_sv, days in MUNICIPAL_NEWS:
        if News.objects.filter(title_fi=title).exists():
            continue
        News.objects.create(
            title_fi=title,
            lead_fi=lead,
            body_fi=body,
            title_sv=title_sv,
            lead_sv=lead_sv,
            body_sv=body_sv,
            status=News.Status.PUBLISHED,
            published_at=now - timedelta(days=days),
            created_by=officer,
        )
        made += 1
    associations = list(Association.objects.listed().filter(is_verified=True).order_by("pk")[:2])
    for (title, lead, body, status), association in zip(
        ASSOCIATION_NEWS, associations, strict=False
    ):
        if News.objects.filter(title_fi=title).exists():
            continue
        News.objects.create(
            title_fi=title,
            lead_fi=lead,
            body_fi=body,
            association=association,
            status=status,
            published_at=now - timedelta(days=1) if status == News.Status.PUBLISHED else None,
        )
        made += 1
    data_changed()
    return made


def _seed_messages(officer: User | None, now) -> int:
    sports = Category.objects.filter(slug="urheilu").first()
    made = 0
    for number, (audience, subject, body, subject_sv, body_sv) in enumerate(MESSAGES):
        if Message.objects.filter(subject_fi=subject).exists():
            continue
        if audience == Message.Audience.CATEGORY and sports is None:
            continue
        message = Message.objects.create(
            audience=audience,
            category=sports if audience == Message.Audience.CATEGORY else None,
            subject_fi=subject,
            body_fi=body,
            subject_sv=subject_sv,
            body_sv=body_sv,
            status=Message.Status.SENT,
            created_by=officer,
            sent_at=now - timedelta(days=5 + number * 10),
        )
        associations = audiences.associations_for(message)
        message.associations.set(associations)
        contacts = audiences.contacts_of(associations)
        deliveries = [
            Delivery(
                message=message,
                email=contact.email,
                language=contact.language if subject_sv or contact.language != "sv" else "fi",
                association_id=contact.association_id,
                status=Delivery.Status.SENT,
                attempts=1,
                sent_at=message.sent_at,
            )
            for contact in contacts
        ]
        if deliveries:
            # One address the mail server refused, for the officer to see.
            deliveries[-1].status = Delivery.Status.FAILED
            deliveries[-1].sent_at = None
            deliveries[-1].error = "(550, b'5.1.1 Mailbox does not exist')"
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        made += 1
    return made


def _seed_subscribers(now) -> int:
    made = 0
    for email, language, topics in SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language}
        )
        made += created
        for topic, key in topics:
            Subscription.objects.get_or_create(
                subscriber=subscriber, topic=topic, key=key, defaults={"confirmed_at": now}
            )
    return made


@transaction.atomic
def seed(*, stdout) -> None:
    """News, two sent messages and three subscribers; safe to run again."""
    now = timezone.now()
    officer = _officer()
    news = _seed_news(officer, now)
    messages = _seed_messages(officer, now)
    subscribers = _seed_subscribers(now)
    stdout.write(f"{news} news, {messages} messages and {subscribers} subscribers added.")
