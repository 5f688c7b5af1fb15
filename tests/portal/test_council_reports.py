"""The council's reports: figures right for the year asked, built in the background, published
by the liaison officer, and read by the council only."""

import re
import subprocess
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from organizations.models import Association
from organizations.reports import listed_at_end_of
from portal import council
from portal.models import AuditEvent, CouncilReport
from tests.facilities.conftest import hall  # noqa: F401  (the sports hall and its halves)
from tests.factories import AssociationFactory, CategoryFactory
from tests.grants.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone())


def backdate(association: Association, day: date) -> None:
    """As if the association had entered the register on that day."""
    association.history.update(history_date=at(day))
    Association.objects.filter(pk=association.pk).update(created_at=at(day))


def unlist(association: Association, day: date) -> None:
    association.refresh_from_db()
    association.is_listed = False
    association.save()
    association.history.filter(history_date__gt=at(day)).update(history_date=at(day))


def pdf_catalog(content: bytes) -> bytes:
    """The PDF's catalog, which may sit in a compressed object stream."""
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            objects = zlib.decompress(stream.group(1))
        except zlib.error:
            continue
        if b"/Type /Catalog" in objects:
            return objects[objects.index(b"/Type /Catalog") :]
    return content


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def file_links(page: str) -> list[str]:
    """The signed PDF links a report's page gives."""
    return re.findall(r'href="(/valtuusto/tiedosto/[^"]+)"', page)


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"portal:{name}", args=args)


@pytest.fixture
def register(private_storage):
    """Two in 2024 (one of them leaves in 2025), one more in 2025."""
    sports = CategoryFactory(name="Liikunta ja urheilu", slug="liikunta")
    stays = AssociationFactory(name="Kirkonkylän Kisa ry")
    leaves = AssociationFactory(name="Vanha Kuoro ry", is_verified=False)
    joins = AssociationFactory(name="Uusi Seura ry")
    for association in (stays, leaves, joins):
        association.categories.add(sports)
    backdate(stays, date(2024, 3, 1))
    backdate(leaves, date(2024, 2, 1))
    unlist(leaves, date(2025, 6, 1))
    backdate(joins, date(2025, 5, 1))
    return {"stays": stays, "leaves": leaves, "joins": joins}


def build(kind: str, key: str, language: str = "en") -> CouncilReport:
    report = council.build(kind=kind, key=key, language=language)
    assert report is not None
    return report


def test_the_register_of_each_year_is_the_register_at_its_end(register):
    assert set(listed_at_end_of(2024)) == {register["stays"].pk, register["leaves"].pk}
    assert set(listed_at_end_of(2025)) == {register["stays"].pk, register["joins"].pk}
    assert set(listed_at_end_of(2023)) == set()


def test_two_years_reports_carry_their_own_register_figures(register):
    text_2024 = pdf_text(build("annual", "2024").pdf.read())
    text_2025 = pdf_text(build("annual", "2025").pdf.read())

    # Checked against the database as it stood at the end of each year.
    listed_2024 = listed_at_end_of(2024)
    assert len(listed_2024) == 2
    assert "At the end of 2024 the register listed 2 associations, 1 of them verified" in text_2024
    assert re.search(r"New in the register\s+2\n", text_2024)
    assert re.search(r"Left the register\s+0\n", text_2024)
    assert "At the end of 2025 the register listed 2 associations, 2 of them verified" in text_2025
    assert re.search(r"New in the register\s+1\n", text_2025)
    assert re.search(r"Left the register\s+1\n", text_2025)
    assert re.search(r"Liikunta ja urheilu\s+2\n", text_2025)
    assert "Cooperation with associations 2025" in text_2025


def test_one_association_is_written_in_the_singular(private_storage):
    backdate(AssociationFactory(), date(2025, 5, 1))

    text = pdf_text(build("annual", "2025").pdf.read())

    assert "the register listed 1 association, 1 verified by the municipality" in text


def test_the_grants_section_counts_the_years_decisions_and_their_amounts(register):
    DecisionFactory(
        decided_on=date(2025, 4, 1),
        amount=Decimal("800.00"),
        application__association=register["stays"],
        application__amount_requested=Decimal("1000.00"),
        application__submitted_at=at(date(2025, 2, 1)),
    )
    DecisionFactory(decided_on=date(2024, 4, 1), amount=Decimal("300.00"))

    text = pdf_text(build("annual", "2025").pdf.read())

    grants = text[text.index("Grants per sector in 2025") :]
    assert re.search(r"\s1\s+1\s*000(\.00)?\s+1\s+800(\.00)?\s+0(\.00)?\s+0\n", grants)


def test_the_pdf_embeds_its_fonts_and_names_its_title_and_language(register, tmp_path):
    report = build("annual", "2025")
    path = tmp_path / "report.pdf"
    path.write_bytes(report.pdf.read())

    fonts = subprocess.run(["pdffonts", path], capture_output=True, check=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows
    assert all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+$", row) for row in rows), fonts
    info = subprocess.run(["pdfinfo", path], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Title:\s+Cooperation with associations 2025 – Esimerkkilä\n", info)
    assert b"/Lang (en)" in pdf_catalog(path.read_bytes())
    assert re.search(r"Pages:\s+[3-9]", info)


def test_the_table_of_contents_links_to_every_section(register):
    html = build("annual", "2025").html

    for anchor in ("register", "grants", "facilities-usage", "events-summary"):
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html


def test_years_offered_are_those_with_data(client_for, council_member, register):
    page = client_for(council_member).get(url("council_summary"))

    links = re.findall(r"/valtuusto/annual/(\d+)/", page.content.decode())
    assert links == ["2025", "2024"]


@pytest.mark.parametrize(
    "path",
    [
        "/en/valtuusto/annual/2019/",
        "/en/valtuusto/annual/3000/",
        "/en/valtuusto/annual/nothing/",
        "/en/valtuusto/elsewhere/2025/",
        "/en/valtuusto/grant_round/99999/",
        "/en/valtuusto/versiot/99999.pdf",
        "/en/valtuusto/versiot/99999/",
    ],
)
def test_a_report_that_does_not_exist_is_not_found(client_for, council_member, register, path):
    assert client_for(council_member).get(path).status_code == 404


def test_the_officer_opens_a_report_and_it_is_built_in_every_language(
    client_for, liaison_officer, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(liaison_officer).get(url("council_report", "annual", "2025"))

    assert response.status_code == 200
    built = CouncilReport.objects.filter(kind="annual", subject="2025")
    assert sorted(built.values_list("language", flat=True)) == ["en", "fi", "sv"]
    assert all(report.status == CouncilReport.Status.READY for report in built)


def test_unchanged_data_keep_the_version_and_changed_data_make_a_new_one(
    client_for, liaison_officer, register
):
    first = build("annual", "2025")
    first.checked_at -= timedelta(hours=1)
    first.save()

    assert build("annual", "2025").pk == first.pk
    first.refresh_from_db()
    assert first.checked_at > timezone.now() - timedelta(minutes=1)

    late = AssociationFactory(name="Myöhäinen ry")
    backdate(late, date(2025, 11, 1))
    second = build("annual", "2025")

    assert second.pk != first.pk
    assert "listed 3 associations" in pdf_text(second.pdf.read())
    assert "listed 2 associations" in pdf_text(first.pdf.read())


def test_a_data_change_shows_the_report_being_updated_and_then_the_new_version(
    client_for, liaison_officer, register, django_capture_on_commit_callbacks, settings
):
    client = client_for(liaison_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url("council_report", "annual", "2025"))
    first = CouncilReport.objects.get(kind="annual", subject="2025", language="en")
    CouncilReport.objects.update(checked_at=timezone.now() - timedelta(hours=1))
    backdate(AssociationFactory(name="Myöhäinen ry"), date(2025, 11, 1))

    # The check runs in the background: while it runs, the page serves the last version.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.get(url("council_report", "annual", "2025"))
    assert queued, "opening the page queued no update"
    served = [council.read_file_link(link.split("/")[-2])[0] for link in file_links(page.text)]
    assert served == [first.pk]

    settings.CELERY_TASK_ALWAYS_EAGER = True
    for callback in queued:
        callback()
    newest = council.newest("annual", "2025", "en")
    assert newest.pk != first.pk
    assert newest.status == CouncilReport.Status.READY
    status = client.get(url("council_report", "annual", "2025") + "?status=1").json()
    assert status == {"status": "ready", "progress": 100}


def test_the_officer_publishes_and_the_council_reads_only_published_versions(
    client_for, liaison_officer, council_member, register
):
    draft = build("annual", "2025")
    council_client = client_for(council_member)

    page = council_client.get(url("council_report", "annual", "2025")).content.decode()
    assert file_links(page) == []
    assert council_client.get(url("council_report_pdf", draft.pk)).status_code == 404

    response = client_for(liaison_officer).post(url("council_report_publish", draft.pk))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_by == liaison_officer
    assert AuditEvent.objects.filter(
        action="portal.council_report_published", actor=liaison_officer
    ).exists()
    page = council_client.get(url("council_report", "annual", "2025")).content.decode()
    [link] = file_links(page)
    assert council.read_file_link(link.split("/")[-2])[0] == draft.pk
    for address in (link, url("council_report_pdf", draft.pk)):
        pdf = council_client.get(address)
        assert pdf["Content-Type"] == "application/pdf"
        assert "Cooperation with associations 2025" in pdf_text(b"".join(pdf.streaming_content))
    html = council_client.get(url("council_report_html", draft.pk)).content.decode()
    assert '<html lang="en">' in html


def test_a_signed_link_opens_the_pdf_without_session_or_database_for_an_hour(
    client, client_for, council_member, register, django_assert_num_queries, monkeypatch
):
    report = build("annual", "2025")
    report.published_at = timezone.now()
    report.save()
    link = council.file_link(report)

    # A tablet's PDF reader opens the link without the browser's session.
    with django_assert_num_queries(0):
        response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    assert "Cooperation with associations 2025" in pdf_text(b"".join(response.streaming_content))

    # A link the portal did not sign leads nowhere.
    token = link.split("/")[-2]
    forged = link.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert client.get(forged).status_code == 404
    assert client.get("/valtuusto/tiedosto/not-a-link/").status_code == 404

    # An older link goes to the version's own address, where rights are checked again.
    monkeypatch.setattr(council, "FILE_LINK_AGE", timedelta(seconds=-1))
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("portal:council_report_pdf", args=[report.pk]))
    assert client.get(response["Location"]).status_code == 302  # anonymous: to the log-in
    assert client_for(council_member).get(response["Location"]).status_code == 200


def test_a_report_being_built_cannot_be_published(client_for, liaison_officer, register):
    report = CouncilReport.objects.create(
        kind="annual", subject="2025", language="en", title="x", status="building"
    )

    response = client_for(liaison_officer).post(url("council_report_publish", report.pk))

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.published_at is None


def test_a_grant_rounds_report_lists_its_decisions(client_for, liaison_officer, private_storage):
    decision = DecisionFactory(
        application__association__name="Kirkonkylän Kisa ry",
        application__title="Junioreiden kesäleiri",
        amount=Decimal("750.00"),
    )
    grant_round = decision.application.grant_round

    index = client_for(liaison_officer).get(url("council_summary")).content.decode()
    assert url("council_report", "grant_round", str(grant_round.pk)) in index

    text = pdf_text(build("grant_round", str(grant_round.pk)).pdf.read())
    assert re.search(r"Kirkonkylän Kisa ry\s+Junioreiden kesäleiri\s+[\d\s.,]+\s+750(\.00)?", text)
    assert re.search(r"Grants awarded\s+1\n", text)


@pytest.mark.parametrize(
    ("who", "reads", "previews", "publishes"),
    [
        ("anonymous", 302, 302, 302),
        ("plain_user", 403, 403, 403),
        ("association_rep", 403, 403, 403),
        ("sector_officer", 403, 403, 403),
        ("council_member", 200, 403, 403),
        ("liaison_officer", 200, 200, 302),
    ],
)
def test_only_the_council_and_the_officer_read_and_only_the_officer_publishes(
    request, client_for, register, who, reads, previews, publishes
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    report = build("annual", "2025")
    report.published_at = timezone.now()
    report.save()
    draft = build("annual", "2024")
    client = client_for(user)

    assert client.get(url("council_summary")).status_code == reads
    assert client.get(url("council_report", "annual", "2025")).status_code == reads
    assert client.get(url("council_report_pdf", report.pk)).status_code == reads
    assert client.get(url("council_report_html", report.pk)).status_code == reads
    assert client.get(url("council_report_preview", "annual", "2025")).status_code == previews
    assert client.post(url("council_report_publish", draft.pk)).status_code == publishes
    draft.refresh_from_db()
    assert (draft.published_at is not None) == (who == "liaison_officer")


def test_a_published_seasons_report_shows_its_turns_and_who_got_how_much(
    hall,  # noqa: F811
    association,
    association_rep,
    liaison_officer,
    private_storage,
):
    from facilities.seasons import services as season_services
    from tests.facilities.season_data import MON, make_application, make_need, make_round, make_turn

    season = make_round(spaces=list(hall), by=liaison_officer, name="Talvikausi 2027")
    application = make_application(season, association, by=association_rep)
    need = make_need(application, turns=2, minutes=90, wishes=[(hall[0], MON, "17:00", "19:00")])
    make_turn(need, hall[0], MON, "17:00", "18:30", by=liaison_officer)
    key = str(season.pk)
    assert council.subject_title("season", key) is None, "an unpublished season has no report"

    season_services.publish_round(season_round=season, refusal_reason="", by=liaison_officer)

    text = pdf_text(build("season", key).pdf.read())
    assert "Allocation of the season: Talvikausi 2027" in text
    assert re.search(r"Liikuntahalli: Sali\s+1\s+1\.5\s+0\n", text)
    # Asked 2 × 1.5 hours a week, given one turn of 1.5 hours: half.
    assert re.search(rf"{re.escape(association.name)}\s+3\.0\s+1\.5\s+50 %", text)


def test_a_closed_wellbeing_rounds_report_shows_its_answers_and_approved_quotations(
    private_storage,
):
    from tests.wellbeing.round_factories import (
        InputAnswerFactory,
        InputRoundFactory,
        QuotationFactory,
    )

    input_round = InputRoundFactory(published=True, title="Hyvinvointikysely 2026")
    answer = InputAnswerFactory(round=input_round, association__name="Kylän Eläkeläiset ry")
    QuotationFactory(answer=answer, text="Moni ei enää näe naapureitaan.")
    QuotationFactory(answer=answer, text="Tätä ei hyväksytty.", is_approved=False)
    open_round = InputRoundFactory()

    assert council.subject_title("wellbeing_round", str(open_round.pk)) is None
    text = pdf_text(build("wellbeing_round", str(input_round.pk)).pdf.read())

    assert "Moni ei enää näe naapureitaan." in text
    assert "Tätä ei hyväksytty." not in text
    assert "Kylän Eläkeläiset ry" in text


def test_associations_loaded_without_history_count_from_their_creation(register):
    bulk = Association.objects.bulk_create([Association(name="Massana ry", slug="massana-ry")])[0]
    Association.objects.filter(pk=bulk.pk).update(created_at=at(date(2025, 3, 1)))

    assert bulk.pk not in listed_at_end_of(2024)
    assert bulk.pk in listed_at_end_of(2025)
