"""The privacy notice and the accessibility statement exist from the first install.

The footer of every page links to them, so they cannot wait for the liaison officer to write
them. They are made after every `migrate` (and after a test's flush) when missing; the liaison
officer edits them afterwards like any other page, and an existing page is never overwritten.
"""

from django.apps import apps as global_apps
from django.conf import settings

from portal import retention

PRIVACY_SLUG = "tietosuojaseloste"
ACCESSIBILITY_SLUG = "saavutettavuusseloste"


def periods() -> dict:
    from communication.services import CONFIRM_MAX_AGE
    from volunteering.services import ANSWER_RETENTION

    return {
        "answer_retention_years": round(ANSWER_RETENTION.days / 365),
        "unconfirmed_days": round(CONFIRM_MAX_AGE / 86400),
        "municipality": settings.MUNICIPALITY_NAME,
        "unverified_days": retention.UNVERIFIED_ACCOUNT.days,
        "inactive_years": round(retention.INACTIVE_ACCOUNT.days / 365),
        "notice_days": retention.INACTIVITY_WARNING_NOTICE.days,
        "access_log_years": round(retention.ACCESS_LOG.days / 365),
    }


PRIVACY_FI = """\
Tämä seloste kertoo, mitä henkilötietoja yhdistysportaali käsittelee, miksi ja kuinka kauan, \
sekä miten voit käyttää oikeuksiasi. Seloste perustuu EU:n yleiseen tietosuoja-asetukseen \
(2016/679) ja tietosuojalakiin (1050/2018).

## Rekisterinpitäjä

Rekisterinpitäjä on kunta: {municipality}. Rekisteristä vastaa kunnanhallitus, ja asioita \
hoitaa käytännössä kunnan järjestöyhdyshenkilö. Yhteystiedot ovat sivulla \
[Järjestöyhdyshenkilö](/yhdyshenkilo/). Kunnan tietosuojavastaavan tavoitat kunnan kirjaamon \
kautta.

## Mihin tietoja käytetään

- yhdistysrekisterin ja yhdistysten infosivun ylläpito
- yhdistysten edustajien tunnistaminen ja edustusoikeuden hyväksyminen
- avustusten hakeminen, arviointi, päättäminen, maksaminen ja käytön valvonta
- kunnan tilojen varaaminen ja vuorojen jakaminen
- yhteydenpito yhdistyksiin sekä päätöksistä ja muutoksista kertominen
- viranomaistoiminnan seuraaminen: tapahtumaloki päätöksistä ja käyttöloki henkilötietojen \
katselusta

## Käsittelyn oikeusperuste

- Yleisen edun mukaisen tehtävän ja julkisen vallan käyttäminen (tietosuoja-asetuksen 6 artiklan \
1 kohdan e alakohta): kunnan tehtävä edistää asukkaiden hyvinvointia ja tukea yhdistysten \
toimintaa (kuntalaki 410/2015 1 §), avustukset ja tilojen käyttö.
- Lakisääteisen velvoitteen noudattaminen (6 artiklan 1 kohdan c alakohta): päätösten ja \
asiakirjojen säilyttäminen (arkistolaki 831/1994), henkilötietojen käytön lokitiedot (laki \
julkisen hallinnon tiedonhallinnasta 906/2019, 17 §).

## Mitä tietoja käsitellään

- käyttäjätili: nimi, sähköpostiosoitteet, kieli, kirjautumisajat ja toisen tunnistautumistekijän \
tiedot
- kunnan roolit ja yhdistysten edustajuudet sekä niitä koskevat pyynnöt ja päätökset
- yhdistyksen yhteyshenkilön nimi, sähköposti ja puhelinnumero
- avustushakemukset liitteineen, arvioinnit, päätökset, maksut ja käyttöselvitykset
- tilavaraukset
- tapahtumaloki (kuka teki minkä päätöksen tai muutoksen ja milloin) ja käyttöloki (kuka \
viranhaltija katsoi tai vei toisen henkilön tietoja ja milloin)

## Vastaanottajat

Tietoja käsittelevät ne kunnan viranhaltijat, joiden tehtäviin asia kuuluu: järjestöyhdyshenkilö, \
toimialojen avustuksista ja tiloista vastaavat viranhaltijat ja avustusten arvioijat. Yhdistyksen \
yhteyshenkilön tiedot näkyvät vain yhdistyksen edustajille ja kunnan viranhaltijoille. \
Julkisessa rekisterissä ja avoimessa datassa näkyvät vain yhdistyksen julkiset tiedot. Tietoja \
luovutetaan muille viranomaisille vain lain perusteella. Portaalin palvelimia ylläpitävä \
palveluntarjoaja käsittelee tietoja kunnan lukuun sopimuksen perusteella. Tietoja ei siirretä \
EU:n tai ETA:n ulkopuolelle.

## Säilytysajat

| Tieto | Säilytysaika |
| --- | --- |
| Tili, jonka sähköpostiosoitetta ei ole vahvistettu ja jolla ei ole kirjauduttu | \
{unverified_days} päivää luomisesta, sitten poistetaan |
| Tili, jolla ei ole kirjauduttu {inactive_years} vuoteen ja jolla ei ole kunnan roolia eikä \
yhdistyksen edustajuutta | varoitus sähköpostilla; ellei tilille kirjauduta {notice_days} päivän \
kuluessa, tiedot anonymisoidaan |
| Käyttöloki | {access_log_years} vuotta, sitten poistetaan |
| Vastaukset yhdistysten vapaaehtoistehtäviin | {answer_retention_years} vuosi tehtävän \
viimeisestä päivästä, sitten poistetaan |
| Sähköpostitilaus | kunnes tilaaja peruu sen; vahvistamaton tilaus poistetaan \
{unconfirmed_days} päivän kuluttua |
| Poistopyynnöt ja niiden ratkaisut | säilytetään todisteena pyynnön käsittelystä |
| Avustushakemukset, päätökset, maksut ja tapahtumaloki | kunnan arkistonmuodostussuunnitelman \
mukaan |
| Tilavaraukset | kunnan arkistonmuodostussuunnitelman mukaan |

## Oikeutesi ja niiden käyttäminen

- **Oikeus saada pääsy tietoihin:** näet ja voit ladata kaikki sinusta portaalissa olevat tiedot \
kohdasta [Omat tietoni](/oma/tietoni/) (luettava sivu ja JSON-tiedosto).
- **Oikeus tietojen oikaisemiseen:** voit korjata sähköpostiosoitteesi [tilin \
asetuksista](/accounts/email/), ja yhdistyksen edustaja voi korjata yhdistyksen tiedot. Muista \
virheistä voit ilmoittaa järjestöyhdyshenkilölle.
- **Oikeus tietojen poistamiseen:** voit pyytää poistoa kohdasta [Pyydä tietojesi \
poistamista](/oma/poista-tili/). Järjestöyhdyshenkilö ratkaisee pyynnön. Nimesi ja \
yhteystietosi poistetaan, mutta lain edellyttämät asiakirjat, kuten avustuspäätökset ja \
tapahtumaloki, säilyvät.
- **Oikeus käsittelyn rajoittamiseen ja vastustamiseen:** ota yhteyttä järjestöyhdyshenkilöön \
tai kunnan tietosuojavastaavaan.
- **Oikeus tehdä valitus valvontaviranomaiselle:** Tietosuojavaltuutetun toimisto, PL 800, \
00531 Helsinki, [tietosuoja.fi](https://tietosuoja.fi).

## Evästeet

Portaali käyttää vain toiminnan kannalta välttämättömiä evästeitä: kirjautumisen, lomakkeiden \
suojauksen ja kielivalinnan. Seurantaevästeitä ei käytetä.
"""

PRIVACY_SV = """\
Denna beskrivning berättar vilka personuppgifter föreningsportalen behandlar, varför och hur \
länge, och hur du använder dina rättigheter. Den bygger på EU:s allmänna dataskyddsförordning \
(2016/679) och dataskyddslagen (1050/2018).

## Personuppgiftsansvarig

Personuppgiftsansvarig är kommunen: {municipality}. Kommunstyrelsen ansvarar för registret, och \
kommunens kontaktperson för föreningar sköter ärendena i praktiken. Kontaktuppgifterna finns på \
sidan [Kontaktperson för föreningar](/sv/yhdyshenkilo/). Kommunens dataskyddsombud nås via \
kommunens registratorskontor.

## Ändamål

- att föra föreningsregistret och föreningarnas infosida
- att identifiera föreningarnas företrädare och godkänna rätten att företräda en förening
- att söka, bedöma, besluta om, betala ut och följa upp understöd
- att boka kommunens lokaler och fördela turer
- att hålla kontakt med föreningarna och meddela beslut och ändringar
- att följa upp myndighetsverksamheten: händelselogg över beslut och logg över visning av \
personuppgifter

## Rättslig grund

- Uppgift av allmänt intresse och myndighetsutövning (artikel 6.1 e i dataskyddsförordningen): \
kommunens uppgift att främja invånarnas välfärd och stödja föreningarnas verksamhet (kommunallagen \
410/2015, 1 §), understöd och användning av lokaler.
- Rättslig förpliktelse (artikel 6.1 c): bevarande av beslut och handlingar (arkivlagen \
831/1994), loggar över användningen av personuppgifter (lagen om informationshantering inom den \
offentliga förvaltningen 906/2019, 17 §).

## Uppgifter som behandlas

- användarkonto: namn, e-postadresser, språk, inloggningstider och uppgifter om den andra \
autentiseringsfaktorn
- kommunala roller och företrädarskap för föreningar samt begäranden och beslut om dem
- namn, e-post och telefonnummer till föreningens kontaktperson
- understödsansökningar med bilagor, bedömningar, beslut, utbetalningar och redovisningar
- lokalbokningar
- händelselogg (vem fattade vilket beslut eller gjorde vilken ändring och när) och \
användningslogg (vilken tjänsteinnehavare såg eller exporterade någon annans uppgifter och när)

## Mottagare

Uppgifterna behandlas av de tjänsteinnehavare som sköter ärendet: kontaktpersonen för \
föreningar, sektorernas tjänsteinnehavare för understöd och lokaler samt bedömarna av \
understöd. Kontaktpersonens uppgifter syns endast för föreningens företrädare och kommunens \
tjänsteinnehavare. I det offentliga registret och i öppna data syns bara föreningens offentliga \
uppgifter. Uppgifter lämnas ut till andra myndigheter endast med stöd av lag. Den \
tjänsteleverantör som sköter portalens servrar behandlar uppgifterna för kommunens räkning \
enligt avtal. Uppgifterna överförs inte utanför EU eller EES.

## Lagringstider

| Uppgift | Lagringstid |
| --- | --- |
| Konto vars e-postadress inte har bekräftats och som aldrig har loggat in | \
{unverified_days} dagar från att det skapades, sedan raderas det |
| Konto som ingen har loggat in på på {inactive_years} år och som saknar kommunal roll och \
företrädarskap för en förening | varning per e-post; loggar ingen in inom {notice_days} dagar \
anonymiseras uppgifterna |
| Användningslogg | {access_log_years} år, sedan raderas den |
| Svar på föreningarnas frivilliguppdrag | {answer_retention_years} år från uppdragets sista dag, \
sedan raderas de |
| E-postprenumeration | tills prenumeranten avslutar den; en obekräftad prenumeration raderas \
efter {unconfirmed_days} dagar |
| Begäranden om radering och beslut om dem | sparas som bevis på att begäran behandlats |
| Understödsansökningar, beslut, utbetalningar och händelselogg | enligt kommunens \
arkivbildningsplan |
| Lokalbokningar | enligt kommunens arkivbildningsplan |

## Dina rättigheter och hur du använder dem

- **Rätt till tillgång:** du ser och kan ladda ner allt portalen har om dig under \
[Mina uppgifter](/sv/oma/tietoni/) (läsbar sida och JSON-fil).
- **Rätt till rättelse:** du kan rätta din e-postadress i [kontoinställningarna]\
(/sv/accounts/email/), och föreningens företrädare kan rätta föreningens uppgifter. Andra fel \
kan du anmäla till kontaktpersonen för föreningar.
- **Rätt till radering:** du kan begära radering under [Begär att bli borttagen]\
(/sv/oma/poista-tili/). Kontaktpersonen för föreningar avgör begäran. Ditt namn och dina \
kontaktuppgifter tas bort, men handlingar som lagen kräver, såsom understödsbeslut och \
händelseloggen, bevaras.
- **Rätt till begränsning och invändning:** kontakta kontaktpersonen för föreningar eller \
kommunens dataskyddsombud.
- **Rätt att klaga hos tillsynsmyndigheten:** Dataombudsmannens byrå, PB 800, 00531 \
Helsingfors, [tietosuoja.fi/sv](https://tietosuoja.fi/sv).

## Kakor

Portalen använder bara kakor som behövs för att den ska fungera: inloggning, skydd av \
formulär och språkval. Inga spårningskakor används.
"""

PRIVACY_EN = """\
This notice tells what personal data the associations' portal processes, why and for how long, \
and how you use your rights. It is based on the EU General Data Protection Regulation \
(2016/679) and the Finnish Data Protection Act (1050/2018).

## Controller

The controller is the municipality: {municipality}. The municipal board is responsible for the \
register, and the municipality's liaison officer for associations handles it in practice. The \
contact details are on the page [Liaison officer](/en/yhdyshenkilo/). The municipality's data \
protection officer can be reached through the municipal registry office.

## Purposes

- keeping the association register and the associations' info hub
- identifying associations' representatives and approving their right to represent
- applying for, assessing, deciding on, paying and following up grants
- booking the municipality's premises and sharing their time fairly
- keeping in touch with associations and telling them of decisions and changes
- accountability of the authority: an audit log of decisions and an access log of views of \
personal data

## Legal bases

- A task carried out in the public interest and in the exercise of official authority (GDPR \
Article 6(1)(e)): the municipality's duty to promote its residents' wellbeing and support \
associations (Local Government Act 410/2015, section 1), grants and the use of premises.
- A legal obligation (Article 6(1)(c)): keeping decisions and documents (Archives Act \
831/1994), logs of the use of personal data (Act on Information Management in Public \
Administration 906/2019, section 17).

## Data processed

- user account: name, e-mail addresses, language, log-in times and second-factor details
- municipal roles and representation of associations, with the requests and decisions about them
- the name, e-mail and phone number of an association's contact person
- grant applications with attachments, assessments, decisions, payments and use reports
- bookings of premises
- the audit log (who made which decision or change, and when) and the access log (which \
official viewed or exported another person's data, and when)

## Recipients

The data is processed by the municipal officials whose work the matter is: the liaison officer, \
the sectors' officials for grants and premises, and grant reviewers. An association's contact \
person is shown only to the association's representatives and municipal officials. The public \
register and the open data show only an association's public details. Data is disclosed to \
other authorities only where the law says so. The service provider that runs the portal's \
servers processes the data on the municipality's behalf under a contract. No data is \
transferred outside the EU or EEA.

## Retention periods

| Data | Kept for |
| --- | --- |
| An account whose e-mail address was never verified and that never logged in | \
{unverified_days} days from its creation, then deleted |
| An account nobody has logged in to for {inactive_years} years, with no municipal role and no \
association to represent | a warning by e-mail; unless someone logs in within {notice_days} days, \
the data is anonymised |
| Access log | {access_log_years} years, then deleted |
| Answers to associations' volunteer tasks | {answer_retention_years} year from the task's \
last day, then deleted |
| E-mail subscriptions | until the subscriber ends them; an unconfirmed subscription is deleted \
after {unconfirmed_days} days |
| Requests to be removed and their decisions | kept as proof that the request was handled |
| Grant applications, decisions, payments and the audit log | as the municipality's archive \
formation plan sets |
| Bookings of premises | as the municipality's archive formation plan sets |

## Your rights and how to use them

- **Right of access:** you see and can download everything the portal holds on you under \
[My data in the portal](/en/oma/tietoni/) (a readable page and a JSON file).
- **Right to rectification:** you can correct your e-mail address in your [account \
settings](/en/accounts/email/), and an association's representatives can correct the \
association's details. Tell the liaison officer of other errors.
- **Right to erasure:** you can ask to be removed under [Ask to be removed from the \
portal](/en/oma/poista-tili/). The liaison officer decides on the request. Your name and \
contact details are removed, but the records the law requires, such as grant decisions and the \
audit log, are kept.
- **Right to restriction and to object:** contact the liaison officer or the municipality's \
data protection officer.
- **Right to lodge a complaint with the supervisory authority:** the Office of the Data \
Protection Ombudsman, P.O. Box 800, 00531 Helsinki, [tietosuoja.fi/en](https://tietosuoja.fi/en).

## Cookies

The portal uses only the cookies it needs to work: signing in, protecting forms and the choice \
of language. No tracking cookies are used.
"""

ACCESSIBILITY_FI = """\
Tämä saavutettavuusseloste koskee yhdistysportaalia, jota ylläpitää kunta: {municipality}. \
Seloste perustuu lakiin digitaalisten palvelujen tarjoamisesta (306/2019).

## Saavutettavuuden tila

Portaali täyttää osittain WCAG 2.1 -ohjeiston AA-tason saavutettavuusvaatimukset. Sivut toimivat \
näppäimistöllä ja ruudunlukijalla, niissä on otsikkorakenne ja lomakkeiden kentillä nimet, \
värikontrastit täyttävät vaatimukset, ja sivut toimivat kapealla näytöllä ja suurennettuina.

## Tiedossa olevat puutteet

- Yhdistysten itse lataamista logoista ja kuvista voi puuttua tekstivastine.
- Yhdistysten ja viranhaltijoiden kirjoittamat tekstit eivät aina ole selkokielisiä.
- Avustuspäätösten ja valtuustoraporttien PDF-tiedostot eivät kaikilta osin ole saavutettavia; \
samat tiedot ovat saatavilla portaalin sivuilla.
- Hallintakäyttöliittymä (/admin/) on ylläpidon työkalu, jonka saavutettavuutta ei ole arvioitu.

Puutteet korjataan portaalin tavallisen kehitystyön yhteydessä.

## Selosteen laatiminen

Seloste on laadittu portaalin käyttöönoton yhteydessä portaalin toimittajan tekemän arvion \
perusteella. Selostetta päivitetään, kun portaaliin tehdään merkittäviä muutoksia.

## Palaute

Jos huomaat puutteen tai et saa tarvitsemaasi tietoa saavutettavassa muodossa, ota yhteyttä \
kunnan [järjestöyhdyshenkilöön](/yhdyshenkilo/). Vastaamme 14 päivän kuluessa.

## Valvontaviranomainen

Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta kahden viikon aikana, voit \
tehdä ilmoituksen valvontaviranomaiselle. Saavutettavuutta valvoo 1.1.2025 alkaen Liikenne- ja \
viestintävirasto Traficom (aiemmin Etelä-Suomen aluehallintovirasto).

Liikenne- ja viestintävirasto Traficom, saavutettavuuden valvonta, PL 320, \
00059 TRAFICOM, \
[www.saavutettavuusvaatimukset.fi](https://www.saavutettavuusvaatimukset.fi)
"""

ACCESSIBILITY_SV = """\
Detta tillgänglighetsutlåtande gäller föreningsportalen som upprätthålls av kommunen: \
{municipality}. Utlåtandet grundar sig på lagen om tillhandahållande av digitala tjänster \
(306/2019).

## Tillgänglighetsstatus

Portalen uppfyller delvis kraven på nivå AA i WCAG 2.1. Sidorna fungerar med tangentbord och \
skärmläsare, har en rubrikstruktur och namngivna formulärfält, färgkontrasterna uppfyller \
kraven och sidorna fungerar på smala skärmar och förstorade.

## Kända brister

- Logotyper och bilder som föreningarna själva laddat upp kan sakna textalternativ.
- Texter som föreningar och tjänsteinnehavare skrivit är inte alltid på lättläst språk.
- PDF-filerna med understödsbeslut och rapporter till fullmäktige är inte till alla delar \
tillgängliga; samma uppgifter finns på portalens sidor.
- Administrationsgränssnittet (/admin/) är ett verktyg för förvaltningen vars tillgänglighet \
inte har bedömts.

Bristerna åtgärdas i det vanliga utvecklingsarbetet.

## Hur utlåtandet har utarbetats

Utlåtandet har utarbetats när portalen togs i bruk, utgående från leverantörens bedömning. Det \
uppdateras när portalen ändras väsentligt.

## Respons

Om du märker en brist eller inte får den information du behöver i tillgänglig form, kontakta \
kommunens [kontaktperson för föreningar](/sv/yhdyshenkilo/). Vi svarar inom 14 dagar.

## Tillsynsmyndighet

Om du inte är nöjd med svaret eller inte får svar inom två veckor kan du göra en anmälan till \
tillsynsmyndigheten. Från och med 1.1.2025 övervakas tillgängligheten av Transport- och \
kommunikationsverket Traficom (tidigare Regionförvaltningsverket i Södra Finland).

Transport- och kommunikationsverket Traficom, tillsynen över tillgänglighet, PB 320, \
00059 TRAFICOM, \
[www.tillganglighetskrav.fi](https://www.tillganglighetskrav.fi)
"""

ACCESSIBILITY_EN = """\
This accessibility statement concerns the associations' portal run by the municipality: \
{municipality}. It is made under the Finnish Act on the Provision of Digital Services \
(306/2019).

## Compliance status

The portal partially meets the WCAG 2.1 level AA requirements. The pages work with a keyboard \
and a screen reader, have a heading structure and labelled form fields, their colour contrasts \
meet the requirements, and they work on narrow screens and when zoomed in.

## Known gaps

- Logos and pictures uploaded by associations may lack a text alternative.
- Texts written by associations and officials are not always in plain language.
- The PDF files of grant decisions and council reports are not fully accessible; the same \
information is on the portal's pages.
- The administration interface (/admin/) is a tool for the portal's administrators whose \
accessibility has not been assessed.

The gaps are fixed as part of the portal's ordinary development.

## How this statement was prepared

The statement was prepared when the portal was taken into use, based on the supplier's \
assessment. It is updated when the portal changes significantly.

## Feedback

If you notice a gap, or cannot get the information you need in an accessible form, contact \
the municipality's [liaison officer](/en/yhdyshenkilo/). We answer within 14 days.

## Enforcement

If you are not satisfied with the answer, or get none within two weeks, you can notify the \
supervisory authority. Since 1 January 2025 accessibility is supervised by the Finnish \
Transport and Communications Agency Traficom (before that, the Regional State Administrative \
Agency for Southern Finland).

Finnish Transport and Communications Agency Traficom, accessibility supervision, \
P.O. Box 320, FI-00059 TRAFICOM, \
[www.webaccessibility.fi](https://www.webaccessibility.fi)
"""


def pages() -> list[dict]:
    values = periods()
    return [
        {
            "slug": PRIVACY_SLUG,
            "title_fi": "Tietosuojaseloste",
            "title_sv": "Dataskyddsbeskrivning",
            "title_en": "Privacy notice",
            "summary_fi": "Mitä henkilötietoja portaali käsittelee, miksi ja kuinka kauan",
            "summary_sv": "Vilka personuppgifter portalen behandlar, varför och hur länge",
            "summary_en": "What personal data the portal processes, why and for how long",
            "body_fi": PRIVACY_FI.format(**values),
            "body_sv": PRIVACY_SV.format(**values),
            "body_en": PRIVACY_EN.format(**values),
        },
        {
            "slug": ACCESSIBILITY_SLUG,
            "title_fi": "Saavutettavuusseloste",
            "title_sv": "Tillgänglighetsutlåtande",
            "title_en": "Accessibility statement",
            "summary_fi": "Miten portaali täyttää digipalvelulain saavutettavuusvaatimukset",
            "summary_sv": "Hur portalen uppfyller lagens krav på tillgänglighet",
            "summary_en": "How the portal meets the accessibility requirements of the law",
            "body_fi": ACCESSIBILITY_FI.format(**values),
            "body_sv": ACCESSIBILITY_SV.format(**values),
            "body_en": ACCESSIBILITY_EN.format(**values),
        },
    ]


def create_pages(sender, *, using, apps=global_apps, **kwargs) -> None:
    """post_migrate: make the pages that do not exist yet (`apps` is absent after a flush)."""
    try:
        content_page = apps.get_model("portal", "ContentPage")
    except LookupError:  # migrating backwards past the table
        return
    pages_in_db = content_page.objects.using(using)
    for order, page in enumerate(pages(), start=90):
        if pages_in_db.filter(slug=page["slug"]).exists():
            continue
        pages_in_db.create(
            section="documents",
            order=order,
            is_published=True,
            title=page["title_fi"],
            summary=page["summary_fi"],
            body=page["body_fi"],
            **page,
        )
