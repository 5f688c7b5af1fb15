"""The demo municipality's association register: Esimerkkilä and its ~60 associations."""

from django.db import transaction
from django.utils.text import slugify

from organizations.models import Association, Category, TargetGroup
from organizations.services import (
    bump_register_version,
    create_association,
    refresh_search_vector,
)
from organizations.validators import business_id_with_check_digit

CATEGORIES = [
    ("urheilu", "Urheilu ja liikunta", "Idrott och motion", "Sports and exercise"),
    ("kulttuuri", "Kulttuuri", "Kultur", "Culture"),
    ("nuoriso", "Nuoriso", "Ungdom", "Youth"),
    ("sosiaali-ja-terveys", "Sosiaali- ja terveys", "Social och hälsa", "Social and health"),
    ("kylatoiminta", "Kylätoiminta", "Byaverksamhet", "Village activity"),
    ("harrastus", "Harrastukset", "Hobbyer", "Hobbies"),
    ("elakelaiset", "Eläkeläiset", "Pensionärer", "Pensioners"),
    ("ymparisto", "Ympäristö ja luonto", "Miljö och natur", "Environment and nature"),
    ("turvallisuus", "Turvallisuus ja pelastus", "Säkerhet och räddning", "Safety and rescue"),
    ("monikulttuurisuus", "Monikulttuurisuus", "Mångkultur", "Multicultural work"),
]

TARGET_GROUPS = [
    ("lapset", "Lapset", "Barn", "Children"),
    ("nuoret", "Nuoret", "Unga", "Young people"),
    ("lapsiperheet", "Lapsiperheet", "Barnfamiljer", "Families with children"),
    ("aikuiset", "Aikuiset", "Vuxna", "Adults"),
    ("ikaihmiset", "Ikäihmiset", "Äldre", "Older people"),
    ("vammaiset", "Vammaiset henkilöt", "Personer med funktionsnedsättning", "Disabled people"),
    ("maahan-muuttaneet", "Maahan muuttaneet", "Invandrare", "Immigrants"),
    ("kaikki", "Kaikki kuntalaiset", "Alla invånare", "All residents"),
]

ACTIVITIES = {
    "urheilu": "Viikoittaiset harjoitukset liikuntahallilla ja kentällä, kilpailut ja leirit. "
    "Valmentajat ovat koulutettuja vapaaehtoisia.",
    "kulttuuri": "Harjoittelemme viikoittain seurakuntatalolla ja esiinnymme kunnan tapahtumissa, "
    "joulukonsertissa ja kesäjuhlilla.",
    "nuoriso": "Kerhot koulujen jälkeen, retket, leirit ja nuorten omat tapahtumat. "
    "Ohjaajat ovat koulutettuja ja tarkistettuja.",
    "sosiaali-ja-terveys": "Vertaistukiryhmät, luennot, virkistyspäivät ja neuvonta. "
    "Teemme yhteistyötä hyvinvointialueen kanssa.",
    "kylatoiminta": "Ylläpidämme kylätaloa, järjestämme talkoita, kyläjuhlia ja "
    "myyjäisiä sekä edistämme kylän palveluja.",
    "harrastus": "Kokoonnumme säännöllisesti, järjestämme kursseja ja retkiä "
    "ja jaamme osaamista uusille harrastajille.",
    "elakelaiset": "Kerhopäivät joka toinen tiistai, tanssit, teatteriretket, "
    "liikuntaryhmät ja matkat.",
    "ymparisto": "Luontoretket, kunnostustalkoot, luontokartoitukset ja yleisöluennot.",
    "turvallisuus": "Harjoitukset, koulutukset ja valmius auttaa viranomaisia "
    "onnettomuuksissa ja etsinnöissä.",
    "monikulttuurisuus": "Kielikahvilat, juhlat, neuvonta ja tutustumisillat, joissa "
    "uudet ja vanhat asukkaat kohtaavat.",
}

# name, categories, target groups, languages of activity, founding year, purpose
ASSOCIATIONS = [
    ("Esimerkkilän Urheiluseura ry", ["urheilu", "nuoriso"], ["lapset", "nuoret", "aikuiset"],
     ["fi"], 1919, "Seura tarjoaa monipuolista urheilua yleisurheilusta jalkapalloon "
     "kaikenikäisille kuntalaisille."),
    ("Esimerkkilän Palloseura ry", ["urheilu"], ["lapset", "nuoret"], ["fi"], 1958,
     "Jalkapalloa tytöille ja pojille harrastus- ja kilpatasolla."),
    ("Esimerkkilän Hiihtoseura ry", ["urheilu"], ["lapset", "aikuiset"], ["fi"], 1932,
     "Edistämme hiihtoa ja ylläpidämme latuja talkoovoimin."),
    ("Kirkonkylän Voimistelijat ry", ["urheilu"], ["lapset", "aikuiset", "ikaihmiset"],
     ["fi", "sv"], 1947, "Voimistelua, tanssia ja kuntoliikuntaa kaikenikäisille."),
    ("Esimerkkilän Ratsastajat ry", ["urheilu", "harrastus"], ["lapset", "nuoret"], ["fi"],
     1985, "Ratsastuksen harrastaminen ja hevosten hyvinvointi."),
    ("Järvikylän Urheilijat ry", ["urheilu", "kylatoiminta"], ["kaikki"], ["fi"], 1951,
     "Kyläläisten liikunta: lentopallo, pesäpallo ja kuntopolku."),
    ("Esimerkkilän Suunnistajat ry", ["urheilu", "ymparisto"], ["lapset", "aikuiset"], ["fi"],
     1966, "Suunnistus ja luonnossa liikkuminen kartan kanssa."),
    ("Esimerkkilän Salibandyseura ry", ["urheilu"], ["nuoret", "aikuiset"], ["fi"], 1992,
     "Salibandyn junioritoiminta ja aikuisten harrastesarjat."),
    ("Esimerkkilän Uimaseura ry", ["urheilu"], ["lapset", "vammaiset"], ["fi", "sv"], 1974,
     "Uimakoulut ja uintiharjoitukset, myös erityisryhmille."),
    ("Esimerkkilän Tennisseura ry", ["urheilu"], ["aikuiset", "ikaihmiset"], ["fi"], 1988,
     "Tennistä ja padelia kesällä ulkokentillä ja talvella hallissa."),
    ("Esimerkkilän Kamarikuoro ry", ["kulttuuri"], ["aikuiset"], ["fi", "sv"], 1979,
     "Kuorolaulua klassisesta kansanmusiikkiin."),
    ("Esimerkkilän Nuorisoseura ry", ["nuoriso", "kulttuuri"], ["lapset", "nuoret"], ["fi"],
     1898, "Teatteria, tanssia ja nuorten omaa toimintaa seurantalolla."),
    ("Esimerkkilän Teatteriyhdistys ry", ["kulttuuri"], ["kaikki"], ["fi"], 1962,
     "Harrastajateatteri, joka tekee kesäteatterin ja talven näytelmän."),
    ("Kotiseutuyhdistys Esimerkkilä-Seura ry", ["kulttuuri", "kylatoiminta"], ["kaikki"],
     ["fi"], 1946, "Kotiseudun historian ja perinteiden vaaliminen; ylläpidämme museota."),
    ("Esimerkkilän Taideyhdistys ry", ["kulttuuri"], ["aikuiset"], ["fi"], 1983,
     "Kuvataiteen harrastajien kursseja ja näyttelyitä."),
    ("Esimerkkilän Pelimannit ry", ["kulttuuri"], ["aikuiset", "ikaihmiset"], ["fi"], 1971,
     "Kansanmusiikkia viululla, haitarilla ja kanteleella."),
    ("Esimerkkilän Kirjallisuusseura ry", ["kulttuuri"], ["aikuiset"], ["fi"], 2004,
     "Lukupiirit, kirjailijavierailut ja kirjoittajakurssit."),
    ("Esimerkkilän Elokuvakerho ry", ["kulttuuri", "nuoriso"], ["nuoret", "aikuiset"],
     ["fi", "en"], 2011, "Elokuvanäytökset ja lyhytelokuvatyöpajat."),
    ("Esimerkkilän Puhallinorkesteri ry", ["kulttuuri"], ["nuoret", "aikuiset"], ["fi"], 1956,
     "Puhallinmusiikkia juhliin ja konsertteihin."),
    ("Esimerkkilän 4H-yhdistys ry", ["nuoriso"], ["lapset", "nuoret"], ["fi"], 1950,
     "Kerhoja ja nuorten työllistämistä; ensimmäinen työpaikka nuorelle."),
    ("Partiolippukunta Esimerkkilän Eräveikot ry", ["nuoriso", "ymparisto"],
     ["lapset", "nuoret"], ["fi"], 1935, "Partiota: retkiä, leirejä ja luonnossa toimimista."),
    ("MLL:n Esimerkkilän yhdistys ry", ["nuoriso", "sosiaali-ja-terveys"],
     ["lapsiperheet", "lapset"], ["fi"], 1927, "Perhekahvilat, lastenhoitoapu ja vanhempainillat."),
    ("Esimerkkilän Nuorkauppakamari ry", ["nuoriso"], ["nuoret", "aikuiset"], ["fi", "en"],
     1987, "Nuorten aikuisten johtamis- ja yrittäjyyskoulutus."),
    ("Esimerkkilän Sirkuskoulu ry", ["nuoriso", "kulttuuri"], ["lapset", "nuoret"], ["fi"],
     2009, "Sirkustaiteen opetusta lapsille ja nuorille."),
    ("Esimerkkilän Sydänyhdistys ry", ["sosiaali-ja-terveys"], ["aikuiset", "ikaihmiset"],
     ["fi"], 1969, "Sydänterveyden edistäminen ja vertaistuki sairastuneille."),
    ("Esimerkkilän Diabetesyhdistys ry", ["sosiaali-ja-terveys"], ["aikuiset"], ["fi"], 1976,
     "Tietoa ja vertaistukea diabeetikoille ja heidän läheisilleen."),
    ("Esimerkkilän Omaishoitajat ry", ["sosiaali-ja-terveys"], ["aikuiset", "ikaihmiset"],
     ["fi"], 1995, "Omaishoitajien jaksamisen tukeminen ja virkistys."),
    ("Esimerkkilän Mielenterveysseura ry", ["sosiaali-ja-terveys"], ["kaikki"], ["fi"], 1990,
     "Mielenterveyden edistäminen, kriisiapu ja vertaisryhmät."),
    ("Esimerkkilän Invalidit ry", ["sosiaali-ja-terveys"], ["vammaiset"], ["fi"], 1949,
     "Liikuntavammaisten edunvalvonta, virkistys ja esteettömyystyö."),
    ("Esimerkkilän Kuuloyhdistys ry", ["sosiaali-ja-terveys"], ["vammaiset", "ikaihmiset"],
     ["fi", "fse"], 1981, "Kuulovammaisten tuki, kuuloneuvonta ja viittomakielinen toiminta."),
    ("Esimerkkilän Näkövammaiset ry", ["sosiaali-ja-terveys"], ["vammaiset"], ["fi"], 1963,
     "Näkövammaisten vertaistuki, kerhot ja apuvälineneuvonta."),
    ("Punaisen Ristin Esimerkkilän osasto ry", ["sosiaali-ja-terveys", "turvallisuus"],
     ["kaikki"], ["fi", "sv", "en"], 1921, "Ensiapu, ystävätoiminta ja valmiustoiminta."),
    ("Esimerkkilän Martat ry", ["harrastus", "sosiaali-ja-terveys"], ["aikuiset", "lapsiperheet"],
     ["fi"], 1912, "Kodin taloutta, ruokaa ja puutarhaa: kursseja ja neuvontaa."),
    ("Esimerkkilän kyläyhdistys ry", ["kylatoiminta"], ["kaikki"], ["fi"], 1978,
     "Kirkonkylän viihtyisyys ja palvelut; kylätalo kaikkien käytössä."),
    ("Järvikylän kyläyhdistys ry", ["kylatoiminta"], ["kaikki"], ["fi"], 1984,
     "Järvikylän yhteinen ääni: kyläsuunnitelma, talkoot ja uimaranta."),
    ("Mäkelänkylän kyläseura ry", ["kylatoiminta"], ["kaikki"], ["fi"], 1991,
     "Kyläjuhlat, kesäteatteri ja kylän tienvarsien siistiminen."),
    ("Rantakylän kylätoimikunta ry", ["kylatoiminta"], ["kaikki"], ["fi", "sv"], 1997,
     "Rantakylän kehittäminen ja venesataman ylläpito."),
    ("Metsäkylän kyläyhdistys ry", ["kylatoiminta"], ["kaikki"], ["fi"], 2001,
     "Metsäkylän koulun tilojen käyttö ja kylän tapahtumat."),
    ("Kirkonkylän asukasyhdistys ry", ["kylatoiminta"], ["kaikki", "ikaihmiset"], ["fi"], 2015,
     "Asukkaiden vaikuttaminen keskustan kaavoitukseen ja palveluihin."),
    ("Esimerkkilän Metsästysseura ry", ["harrastus", "ymparisto"], ["aikuiset"], ["fi"], 1945,
     "Metsästys, riistanhoito ja ampumaradan ylläpito."),
    ("Esimerkkilän Kalastusseura ry", ["harrastus", "ymparisto"], ["kaikki"], ["fi"], 1953,
     "Kalastus, kalaistutukset ja lasten onkikilpailut."),
    ("Esimerkkilän Valokuvaajat ry", ["harrastus", "kulttuuri"], ["aikuiset"], ["fi"], 1999,
     "Valokuvauksen kurssit, kuvauskävelyt ja näyttelyt."),
    ("Esimerkkilän Shakkikerho ry", ["harrastus"], ["lapset", "aikuiset"], ["fi"], 1968,
     "Shakkia kirjastolla joka keskiviikko, myös aloittelijoille."),
    ("Esimerkkilän Mehiläishoitajat ry", ["harrastus", "ymparisto"], ["aikuiset"], ["fi"], 2012,
     "Mehiläistenhoidon neuvonta ja hunajan laatutyö."),
    ("Esimerkkilän Puutarhaseura ry", ["harrastus"], ["aikuiset", "ikaihmiset"], ["fi"], 1938,
     "Puutarhaneuvonta, taimitori ja palstaviljely."),
    ("Esimerkkilän Autokerho ry", ["harrastus"], ["nuoret", "aikuiset"], ["fi"], 1977,
     "Museoajoneuvot, moottoriurheilu ja nuorten mopokorjaamo."),
    ("Esimerkkilän Kädentaitajat ry", ["harrastus", "kulttuuri"], ["aikuiset", "ikaihmiset"],
     ["fi"], 1986, "Käsitöitä: kudontaa, puutöitä ja korjausompelua."),
    ("Esimerkkilän Eläkeläiset ry", ["elakelaiset"], ["ikaihmiset"], ["fi"], 1965,
     "Eläkeläisten virkistys, liikunta ja edunvalvonta."),
    ("Esimerkkilän Seniorit ry", ["elakelaiset", "urheilu"], ["ikaihmiset"], ["fi"], 2003,
     "Senioriliikunta: tuolijumppa, kävelyryhmät ja keilailu."),
    ("Eläkeliiton Esimerkkilän yhdistys ry", ["elakelaiset"], ["ikaihmiset"], ["fi"], 1972,
     "Kerhot, kuorolaulu ja retket eläkeläisille."),
    ("Esimerkkilän Veteraanit ry", ["elakelaiset"], ["ikaihmiset"], ["fi"], 1964,
     "Veteraaniperinteen vaaliminen ja veteraanien tukeminen."),
    ("Esimerkkilän Luonnonsuojeluyhdistys ry", ["ymparisto"], ["kaikki"], ["fi"], 1975,
     "Luonnon monimuotoisuuden suojelu ja ympäristökasvatus."),
    ("Esimerkkilän Lintuharrastajat ry", ["ymparisto", "harrastus"], ["aikuiset"], ["fi"],
     1989, "Lintujen tarkkailu, pönttötalkoot ja lintulaskennat."),
    ("Järven Suojeluyhdistys ry", ["ymparisto", "kylatoiminta"], ["kaikki"], ["fi"], 2007,
     "Järven veden laadun seuranta ja ruoppaushankkeet."),
    ("Esimerkkilän Kierrätysyhdistys ry", ["ymparisto", "sosiaali-ja-terveys"], ["kaikki"],
     ["fi", "en"], 1998, "Kierrätyskeskus, korjauspaja ja työllistäminen."),
    ("Esimerkkilän VPK ry", ["turvallisuus", "nuoriso"], ["nuoret", "aikuiset"], ["fi"], 1903,
     "Vapaaehtoinen palokunta: sammutustoiminta ja nuorisopalokunta."),
    ("Esimerkkilän Reserviläiset ry", ["turvallisuus"], ["aikuiset"], ["fi"], 1958,
     "Maanpuolustustyö, ammunta ja vapaaehtoinen koulutus."),
    ("Esimerkkilän Monikulttuurinen yhdistys ry", ["monikulttuurisuus"],
     ["maahan-muuttaneet", "lapsiperheet"], ["fi", "en", "ar", "so"], 2016,
     "Kotoutumisen tukeminen ja kulttuurien välinen kohtaaminen."),
    ("Svenska föreningen i Esimerkkilä rf", ["monikulttuurisuus", "kulttuuri"], ["kaikki"],
     ["sv", "fi"], 1924, "Svenskspråkig kultur och gemenskap i kommunen."),
    ("Esimerkkilän Ukrainalaiset ry", ["monikulttuurisuus"], ["maahan-muuttaneet"],
     ["uk", "ru", "fi"], 2022, "Ukrainasta tulleiden vertaistuki ja kielikurssit."),
    ("Ystävyysseura Esimerkkilä–Viro ry", ["monikulttuurisuus", "kulttuuri"], ["aikuiset"],
     ["fi", "et"], 1993, "Ystävyyskuntatoiminta Viron kanssa ja kulttuurivaihto."),
    ("Kirkonkylän Laulajat ry", ["kulttuuri"], ["aikuiset", "ikaihmiset"], ["fi"], 1952,
     "Sekakuoro: kuorolaulua, kevät- ja joulukonsertit sekä laulumatkat."),
    ("Esimerkkilän Mieskuoro ry", ["kulttuuri"], ["aikuiset"], ["fi"], 1948,
     "Miesten kuorolaulua juhliin ja konsertteihin."),
]  # fmt: skip

CONTACTS = [
    "Anna Virtanen",
    "Juha Korhonen",
    "Maria Nieminen",
    "Mikko Mäkinen",
    "Liisa Hämäläinen",
    "Pekka Laine",
    "Sari Heikkinen",
    "Timo Koskinen",
    "Helena Järvinen",
    "Jari Lehtonen",
]
MEMBER_COUNTS = ["0-19", "20-49", "50-99", "100-499", "500-"]


def upsert_translated(model, rows) -> int:
    """Create or update named rows (slug, Finnish, Swedish, English); returns how many are new."""
    created = 0
    for order, (slug, fi, sv, en) in enumerate(rows):
        _row, was_created = model.objects.update_or_create(
            slug=slug,
            defaults={"name": fi, "name_fi": fi, "name_sv": sv, "name_en": en, "order": order},
        )
        created += was_created
    return created


# Associations that have written their purpose in Swedish and English too.
TRANSLATED_PURPOSES = {
    "esimerkkilan-urheiluseura-ry": {
        "purpose_sv": "Föreningen erbjuder mångsidig idrott, från friidrott till fotboll, "
        "för kommuninvånare i alla åldrar.",
        "purpose_en": "The club offers all kinds of sports, from athletics to football, for "
        "residents of all ages.",
    },
    "kirkonkylan-voimistelijat-ry": {
        "purpose_sv": "Gymnastik, dans och motion för alla åldrar.",
    },
}


def _profile(index: int, name: str, categories, groups, languages, founded, purpose) -> dict:
    slug = slugify(name)
    contact = CONTACTS[index % len(CONTACTS)]
    email_name = slugify(contact).replace("-", ".")
    data = {
        "name": name,
        "domicile": "Esimerkkilä",
        "purpose_fi": purpose,
        **TRANSLATED_PURPOSES.get(slug, {}),
        "activities": ACTIVITIES[categories[0]],
        "how_to_join": "Tule mukaan kokeilemaan! Jäseneksi liitytään verkkosivuilla "
        "tai ottamalla yhteyttä sähköpostitse.",
        "accessibility": "Toimitilat ovat esteettömät ja niissä on induktiosilmukka."
        if index % 3 == 0
        else "",
        "languages": languages,
        "founded_year": founded,
        "member_count": MEMBER_COUNTS[index % len(MEMBER_COUNTS)],
        "public_email": f"info@{slug}.example.fi",
        "website": f"https://{slug}.example.fi",
        "postal_address": f"Kirkkotie {index + 1}, 99999 Esimerkkilä",
        "contact_name": contact,
        "contact_email": f"{email_name}@example.fi",
        "contact_phone": f"040 {1000000 + index * 7919:07d}"[:15],
        "categories": list(Category.objects.filter(slug__in=categories)),
        "target_groups": list(TargetGroup.objects.filter(slug__in=groups)),
    }
    if index % 3 == 0:
        data["business_id"] = business_id_with_check_digit(f"{2900000 + index * 37:07d}") or ""
        data["register_number"] = f"{100 + index}.{(index * 271) % 1000:03d}"
    if index % 4 == 0:
        data["facebook"] = f"https://www.facebook.com/{slug}"
    return data


@transaction.atomic
def seed(*, stdout) -> None:
    """Categories, target groups and the associations of Esimerkkilä; safe to run again."""
    new_categories = upsert_translated(Category, CATEGORIES)
    new_groups = upsert_translated(TargetGroup, TARGET_GROUPS)
    existing = set(Association.objects.values_list("slug", flat=True))
    created = 0
    for index, row in enumerate(ASSOCIATIONS):
        if slugify(row[0]) in existing:
            continue
        association = create_association(data=_profile(index, *row), by=None)
        if index % 5 != 4:
            # Most demo associations are verified; a few wait for the officer's check.
            Association.objects.filter(pk=association.pk).update(is_verified=True)
        created += 1
    refresh_search_vector()
    bump_register_version()
    stdout.write(
        f"{new_categories} categories, {new_groups} target groups and {created} associations "
        f"added ({len(ASSOCIATIONS)} demo associations in the register)."
    )
