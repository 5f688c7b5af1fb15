import pytest
from django.urls import reverse

from portal.caching import HOME_VERSION
from portal.models import AuditEvent, ContentPage, LiaisonRole

pytestmark = pytest.mark.django_db

# The info hub once the register's section is cached: the liaison role, the published
# pages, and the numbers of published spaces and coming events, read together.
HOME_QUERIES = 3

LIAISON = {
    "officer_name": "Liisa Laine",
    "title_fi": "hyvinvointikoordinaattori",
    "title_sv": "välfärdskoordinator",
    "email": "liisa.laine@esimerkkila.fi",
    "phone": "040 123 4567",
    "working_time_fi": "20 % työajasta",
    "duties_fi": "Pitää yhdistysrekisteriä\nKutsuu yhdistysillan koolle",
    "mandate_fi": "Sivistyslautakunnan nimeämä.",
}


@pytest.fixture
def page():
    return ContentPage.objects.create(
        slug="tilasaannot", section="rules", title="Tilasäännöt", body="# Säännöt\n\nOle hyvä."
    )


@pytest.fixture
def draft_page():
    return ContentPage.objects.create(
        slug="luonnos", section="rules", title="Luonnos", body="Kesken", is_published=False
    )


def test_info_hub_shows_liaison_officer_and_published_pages(resident, page, draft_page):
    LiaisonRole.objects.create(**LIAISON)

    response = resident.get(reverse("portal:home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Liisa Laine" in content
    assert "Tilasäännöt" in content
    assert "Luonnos" not in content


def test_info_hub_is_served_in_swedish_and_english(resident):
    assert resident.get("/sv/").headers["Content-Language"] == "sv"
    assert resident.get("/en/").headers["Content-Language"] == "en"
    assert resident.get("/").headers["Content-Language"] == "fi"


def test_liaison_role_page_lists_duties_and_working_time(resident):
    LiaisonRole.objects.create(**LIAISON)

    content = resident.get(reverse("portal:liaison_role")).content.decode()

    assert "<li>Kutsuu yhdistysillan koolle</li>" in content
    assert "20 % työajasta" in content


def test_officer_edits_liaison_role_and_the_change_is_logged(client_for, liaison_officer):
    LiaisonRole.objects.create(**LIAISON)
    client = client_for(liaison_officer)

    response = client.post(
        reverse("portal:liaison_role_edit"), {**LIAISON, "working_time_fi": "50 % työajasta"}
    )

    assert response.status_code == 302
    assert LiaisonRole.objects.get().working_time_fi == "50 % työajasta"
    event = AuditEvent.objects.get(action="portal.liaison_role_updated")
    assert event.actor == liaison_officer
    assert event.data["fields"] == ["working_time_fi"]


def test_liaison_role_is_shown_in_the_visitors_language(resident):
    LiaisonRole.objects.create(**LIAISON)

    assert "välfärdskoordinator" in resident.get("/sv/yhdyshenkilo/").content.decode()
    assert "hyvinvointikoordinaattori" in resident.get("/yhdyshenkilo/").content.decode()


def test_liaison_role_without_finnish_duties_is_refused(client_for, liaison_officer):
    LiaisonRole.objects.create(**LIAISON)

    response = client_for(liaison_officer).post(
        reverse("portal:liaison_role_edit"), {**LIAISON, "duties_fi": ""}
    )

    assert response.context["form"].errors["duties_fi"]
    assert "Pitää yhdistysrekisteriä" in LiaisonRole.objects.get().duties_fi


def test_liaison_role_with_bad_email_is_refused_and_nothing_changes(client_for, liaison_officer):
    LiaisonRole.objects.create(**LIAISON)

    response = client_for(liaison_officer).post(
        reverse("portal:liaison_role_edit"), {**LIAISON, "email": "not-an-address"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert LiaisonRole.objects.get().email == LIAISON["email"]
    assert not AuditEvent.objects.exists()


def test_content_page_renders_markdown_but_not_scripts(resident):
    ContentPage.objects.create(
        slug="ohje",
        section="instructions",
        title="Ohje",
        body="## Otsikko\n\n<script>alert(1)</script>\n\n[linkki](javascript:alert(1))",
    )

    content = resident.get("/sivut/ohje/").content.decode()

    assert "<h2>Otsikko</h2>" in content
    assert "<script>alert" not in content
    assert "javascript:" not in content


def test_unpublished_page_is_hidden_from_residents_but_shown_to_the_officer(
    resident, client_for, liaison_officer, draft_page
):
    assert resident.get("/sivut/luonnos/").status_code == 404
    assert client_for(liaison_officer).get("/sivut/luonnos/").status_code == 200


def test_editing_a_page_keeps_its_history(client_for, liaison_officer, page):
    client = client_for(liaison_officer)

    client.post(
        reverse("portal:page_edit", args=[page.slug]),
        {
            "title_fi": "Tilasäännöt 2027",
            "slug": page.slug,
            "section": "rules",
            "body_fi": "Uudet säännöt.",
            "is_published": "on",
            "order": 0,
        },
    )
    response = client.get(reverse("portal:page_history", args=[page.slug]))

    titles = [version.title for version in response.context["versions"]]
    assert titles == ["Tilasäännöt 2027", "Tilasäännöt"]
    assert response.context["versions"][0].history_user == liaison_officer


def test_officer_creates_a_page(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        reverse("portal:page_create"),
        {
            "title_fi": "Vuosikello",
            "title_en": "Annual cycle",
            "slug": "vuosikello",
            "section": "documents",
            "body_fi": "Tammikuu: avustushaku.",
            "is_published": "on",
            "order": 1,
        },
    )

    assert response.status_code == 302
    page = ContentPage.objects.get(slug="vuosikello")
    assert (page.title_fi, page.title_en) == ("Vuosikello", "Annual cycle")


EDIT_URLS = [
    "/yhdyshenkilo/muokkaa/",
    "/sivut/uusi/",
    "/sivut/tilasaannot/muokkaa/",
    "/sivut/tilasaannot/historia/",
]


@pytest.mark.parametrize("url", EDIT_URLS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("association_rep", 403),
        ("sector_officer", 403),
        ("council_member", 403),
        ("liaison_officer", 200),
    ],
)
def test_only_the_liaison_officer_edits_municipal_pages(
    request, client_for, page, url, who, expected
):
    LiaisonRole.objects.create(**LIAISON)
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(user).get(url)

    assert response.status_code == expected
    if who == "anonymous":
        assert response.url.startswith("/accounts/login/")


def test_dashboard_needs_login(resident):
    response = resident.get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_dashboard_shows_the_users_associations(client_for, association_rep, association):
    content = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert association.name in content


def test_unknown_address_is_a_404_not_a_500(resident):
    assert resident.get("/sivut/ei-ole/").status_code == 404
    assert resident.get("/sivut/%00/").status_code == 404


def test_demo_refuses_to_run_in_production(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert not LiaisonRole.objects.exists()


def test_demo_is_idempotent(settings):
    from io import StringIO

    from django.core.management import call_command

    from portal.models import User

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    users = User.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == users
    assert LiaisonRole.objects.count() == 1


@pytest.mark.parametrize("count", [3, 30])
def test_info_hub_queries_do_not_grow_with_pages_or_associations(
    resident, django_assert_num_queries, count
):
    from tests.factories import AssociationFactory, CategoryFactory

    category = CategoryFactory(name="Kulttuuri", slug="kulttuuri")
    for number in range(count):
        ContentPage.objects.create(
            slug=f"sivu-{number}", section="rules", title=f"Sivu {number}", body="Teksti"
        )
        AssociationFactory().categories.add(category)
    LiaisonRole.objects.create(**LIAISON)
    resident.get(reverse("portal:home"))  # the first visit fills the hub's cached sections
    HOME_VERSION.bump()  # the page itself is rendered again, not served from the cache

    with django_assert_num_queries(HOME_QUERIES):
        response = resident.get(reverse("portal:home"))

    assert f"Sivu {count - 1}" in response.content.decode()


HUGE = "x" * 100_000


def test_a_content_page_of_100000_characters_is_refused_and_nothing_changes(
    client_for, liaison_officer, page
):
    before = ContentPage.objects.values().get(pk=page.pk)

    response = client_for(liaison_officer).post(
        reverse("portal:page_edit", args=[page.slug]),
        {"title_fi": "Tilasäännöt", "slug": page.slug, "section": "rules", "body_fi": HUGE},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["body_fi"]
    assert ContentPage.objects.values().get(pk=page.pk) == before
    assert page.history.count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("field", ["duties_fi", "mandate_sv", "reachable_en"])
def test_a_liaison_role_text_of_100000_characters_is_refused_and_nothing_changes(
    client_for, liaison_officer, field
):
    role = LiaisonRole.objects.create(**LIAISON)
    before = LiaisonRole.objects.values().get(pk=role.pk)

    response = client_for(liaison_officer).post(
        reverse("portal:liaison_role_edit"), {**LIAISON, field: HUGE}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert LiaisonRole.objects.values().get(pk=role.pk) == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("url", "limit"),
    [("/en/sivut/uusi/", "20,000"), ("/en/yhdyshenkilo/muokkaa/", "4,000")],
)
def test_the_municipal_forms_state_their_text_limits(client_for, liaison_officer, url, limit):
    content = client_for(liaison_officer).get(url).content.decode()

    assert f'maxlength="{limit.replace(",", "")}"' in content
    assert f"At most {limit} characters." in content


def test_the_api_documentation_page_names_its_language(resident):
    response = resident.get("/api/docs/")

    assert response.status_code == 200
    assert f'<html lang="{response["Content-Language"]}">' in response.content.decode()


def test_the_api_documentation_allows_inline_styles_but_no_inline_scripts_or_other_hosts(
    resident,
):
    policy = dict(
        part.strip().split(" ", 1)
        for part in resident.get("/api/docs/")["Content-Security-Policy"].split(";")
    )

    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["worker-src"] == "blob:"
    assert "http" not in " ".join(policy.values())


def test_other_pages_keep_inline_styles_blocked(resident):
    policy = resident.get("/")["Content-Security-Policy"]

    assert "style-src 'self';" in policy + ";"
    assert "unsafe-inline" not in policy
