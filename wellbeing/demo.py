"""Demo wellbeing input: last year's round with its published summary, and this year's open one.

The rows are written directly, not through the services, like the other demos: the audit log
would otherwise hold decisions nobody made. A round is looked up by its year and title, so
running the demo again adds only what is missing.
"""

import importlib
import importlib.util
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from organizations.models import Association, TargetGroup
from wellbeing.models import (
    AnswerTargetGroup,
    InputAnswer,
    InputRound,
    Quotation,
    Structure,
    Theme,
)
from wellbeing.services import data_changed

THEMES = [
    ("yksinaisyys", "Yksinäisyys", "Ensamhet", "Loneliness"),
    ("lapset-ja-perheet", "Lapset ja perheet", "Barn och familjer", "Children and families"),
    ("ikaihmiset", "Ikäihmiset", "Äldre", "Older people"),
    ("liikunta", "Liikunta", "Motion", "Physical activity"),
    ("osallisuus", "Osallisuus", "Delaktighet", "Inclusion"),
    ("mielenterveys", "Mielenterveys", "Psykisk hälsa", "Mental health"),
]

INSTRUCTIONS = (
    "Kunta valmistelee hyvinvointikertomusta yhdessä yhdistysten kanssa. Kertokaa, mitä olette "
    "nähneet toiminnassanne: keitä tavoitatte, mitä muutoksia huomaatte ja mitä ehdotatte "
    "kunnalle. Vastaus tallentuu luonnoksena, ja kuka tahansa yhdistyksen edustaja voi jatkaa "
    "sitä."
)

# (observed needs, own actions, proposals, needs in own words)
ANSWERS = [
    (
        "Yksin asuvat ikäihmiset jäävät talvella kotiin. Kyläkaupan sulkemisen jälkeen moni ei "
        "enää näe naapureitaan viikoittain.",
        "Järjestämme viikoittaisen kahvituvan kylätalolla ja kimppakyydit kirkonkylään.",
        "Kunnan palveluliikenne voisi ajaa kylien kautta kerran viikossa.",
        "Kylätalon lämmityskuluihin tarvitaan tukea.",
    ),
    (
        "Nuorten harrastaminen on vähentynyt, ja maksut ovat monelle perheelle liian suuria.",
        "Pidämme maksuttomia harrastuskertoja ja lainaamme varusteita.",
        "Liikuntavuorot kouluilla iltaisin maksutta seuroille, jotka pitävät toiminnan "
        "maksuttomana.",
        "Salivuoroja arki-iltoihin ja vapaaehtoisia ohjaajia.",
    ),
    (
        "Lapsiperheet kaipaavat kohtaamispaikkoja, joissa ei tarvitse sitoutua kauden "
        "harrastukseen.",
        "Avoin perhekahvila kahdesti kuussa ja perheliikuntapäivät.",
        "Kirjaston tilat yhdistysten perhetoiminnan käyttöön viikonloppuisin.",
        "",
    ),
    (
        "Mielenterveyden kuormitus näkyy sekä nuorissa että työikäisissä. Moni hakee apua "
        "vertaisryhmistä, kun ammattiapuun on jonoa.",
        "Vertaisryhmät kerran viikossa ja koulutetut vapaaehtoiset tukihenkilöt.",
        "Hyvinvointialueen ja kunnan palveluohjaus voisi ohjata asiakkaita myös yhdistysten "
        "vertaisryhmiin.",
        "Rauhallinen ryhmätila ja yhteistyötä palveluohjauksen kanssa.",
    ),
    (
        "Maahan muuttaneet perheet eivät löydä yhdistysten toimintaa, koska tieto on vain "
        "suomeksi.",
        "Selkokieliset esitteet ja kieliystävätoiminta.",
        "Kunnan yhdistysesittelyt myös selkokielellä ja muilla kielillä.",
        "",
    ),
]

QUOTE_PICKS = [
    (0, "yksinaisyys", "Kyläkaupan sulkemisen jälkeen moni ei enää näe naapureitaan viikoittain."),
    (1, "liikunta", "Nuorten harrastaminen on vähentynyt, ja maksut ovat monelle liian suuria."),
    (3, "mielenterveys", "Moni hakee apua vertaisryhmistä, kun ammattiapuun on jonoa."),
    (2, "lapset-ja-perheet", "Lapsiperheet kaipaavat kohtaamispaikkoja."),
]

SUMMARY = (
    "Yhdistykset toivat esiin erityisesti yksinäisyyden kylillä, nuorten harrastamisen "
    "kustannukset ja vertaistuen tarpeen mielenterveyden kuormittuessa.\n\n"
    "Kunta ottaa hyvinvointisuunnitelmaan kolme toimenpidettä: palveluliikenne kulkee kylien "
    "kautta kerran viikossa, koulujen liikuntasalit ovat maksuttomia maksutonta toimintaa "
    "järjestäville seuroille, ja palveluohjaus ohjaa asiakkaita myös yhdistysten "
    "vertaisryhmiin. Seuraamme toimenpiteitä ensi vuoden kierroksella."
)
STRUCTURE_PICKS = [
    [Structure.HYTE],
    [Structure.YOUTH_COUNCIL],
    [Structure.LAPE],
    [Structure.HYTE, Structure.DISABILITY_COUNCIL],
    [],
    [Structure.OLDER_PEOPLE_COUNCIL],
]


def _themes() -> list[Theme]:
    themes = []
    for order, (slug, fi, sv, en) in enumerate(THEMES):
        theme, _created = Theme.objects.update_or_create(
            slug=slug,
            defaults={"name": fi, "name_fi": fi, "name_sv": sv, "name_en": en, "order": order},
        )
        themes.append(theme)
    return themes


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _answers(input_round, associations, themes, groups, *, submitted: int, drafts: int) -> list:
    """Answers of the first associations: `submitted` sent, then `drafts` drafts."""
    answers = []
    for index, association in enumerate(associations[: submitted + drafts]):
        needs, actions, proposals, need_text = ANSWERS[index % len(ANSWERS)]
        is_sent = index < submitted
        answer = InputAnswer.objects.create(
            round=input_round,
            association=association,
            status=InputAnswer.Status.SUBMITTED if is_sent else InputAnswer.Status.DRAFT,
            submitted_at=_at(input_round.deadline - timedelta(days=1 + index % 5))
            if is_sent
            else None,
            observed_needs=needs,
            own_actions=actions,
            proposals=proposals if is_sent else "",
            needs_premises=index % 3 == 0,
            needs_funding=index % 2 == 0,
            needs_cooperation=index % 4 == 1,
            needs_text=need_text,
            structures=[str(code) for code in STRUCTURE_PICKS[index % len(STRUCTURE_PICKS)]],
        )
        answer.themes.set([themes[index % len(themes)], themes[(index + 3) % len(themes)]])
        AnswerTargetGroup.objects.bulk_create(
            AnswerTargetGroup(
                answer=answer,
                target_group=group,
                people_reached=15 + (index * 37 + offset * 11) % 180,
            )
            for offset, group in enumerate(
                [groups[index % len(groups)], groups[(index + 2) % len(groups)]]
            )
            if group is not None
        )
        answers.append(answer)
    return answers


def _last_year(today: date, themes, groups, associations) -> bool:
    year = today.year - 1
    input_round, created = InputRound.objects.get_or_create(
        year=year,
        title=f"Yhdistysten näkemykset hyvinvointikertomukseen {year}",
        defaults={
            "instructions": INSTRUCTIONS,
            "opens_on": date(year, 2, 1),
            "deadline": date(year, 3, 15),
            "status": InputRound.Status.PUBLISHED,
            "summary": SUMMARY,
            "opened_at": _at(date(year, 2, 1), 9),
            "closed_at": _at(date(year, 3, 16), 9),
            "published_at": _at(date(year, 4, 20), 10),
        },
    )
    if not created:
        return False
    input_round.themes.set(themes)
    answers = _answers(input_round, associations, themes, groups, submitted=12, drafts=2)
    by_slug = {theme.slug: theme for theme in themes}
    Quotation.objects.bulk_create(
        Quotation(answer=answers[index], theme=by_slug[slug], text=text, is_approved=True)
        for index, slug, text in QUOTE_PICKS
    )
    Quotation.objects.create(
        answer=answers[4],
        theme=by_slug["osallisuus"],
        text="Tieto on vain suomeksi.",
        is_approved=False,
    )
    return True


def _this_year(today: date, themes, groups, associations) -> bool:
    input_round, created = InputRound.objects.get_or_create(
        year=today.year,
        title=f"Yhdistysten näkemykset hyvinvointikertomukseen {today.year}",
        defaults={
            "instructions": INSTRUCTIONS,
            "opens_on": today - timedelta(days=14),
            "deadline": today + timedelta(days=21),
            "status": InputRound.Status.OPEN,
            "opened_at": _at(today - timedelta(days=14), 9),
        },
    )
    if not created:
        return False
    input_round.themes.set(themes)
    # The demo representatives' associations have not answered: they see the round to answer.
    demo_slugs = {"esimerkkilan-urheiluseura-ry", "esimerkkilan-kylayhdistys-ry"}
    others = [association for association in associations if association.slug not in demo_slugs]
    _answers(input_round, others, themes, groups, submitted=5, drafts=2)
    return True


def seed(*, stdout) -> None:
    """Themes, two years of input rounds, then the follow-up's demo when it is there."""
    themes = _themes()
    groups = list(TargetGroup.objects.order_by("order"))
    associations = list(Association.objects.filter(is_listed=True).order_by("name")[:20])
    today = timezone.localdate()
    made = 0
    if groups and associations:
        made += _last_year(today, themes, groups, associations)
        made += _this_year(today, themes, groups, associations)
    if made:
        data_changed()
    stdout.write(f"{made} wellbeing input rounds added.")
    if importlib.util.find_spec("wellbeing.demo_followup") is not None:
        importlib.import_module("wellbeing.demo_followup").seed(stdout=stdout)
