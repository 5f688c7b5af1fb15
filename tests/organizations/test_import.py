import io

import pytest
from django.core.management import call_command

from organizations.importer import import_associations
from organizations.models import Association
from tests.organizations.factories import AssociationFactory, CategoryFactory

pytestmark = pytest.mark.django_db

HEADER = "ytunnus;nimi;kotipaikka;rekisterinumero;toimiala;www;sahkoposti;puhelin;perustamisvuosi"


@pytest.fixture
def categories():
    return [
        CategoryFactory(name="Urheilu", slug="urheilu"),
        CategoryFactory(name="Kulttuuri", slug="kulttuuri"),
    ]


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_good_rows_are_created_with_their_categories_and_search_text(categories):
    text = csv_text(
        "1234567-1;Esimerkkilän Urheiluseura ry;Esimerkkilä;123.456;urheilu;www.seura.fi;"
        "info@seura.fi;040 123 4567;1947",
        ";Kaiku ry;Esimerkkilä;;Kulttuuri|urheilu;;;;",
    )

    result = import_associations(text)

    assert (result.created, result.errors) == (2, [])
    club = Association.objects.get(business_id="1234567-1")
    assert club.website == "https://www.seura.fi"
    assert club.founded_year == 1947
    assert club.is_listed
    assert Association.objects.search("urheiluseurat").first() == club
    assert {c.slug for c in Association.objects.get(name="Kaiku ry").categories.all()} == {
        "urheilu",
        "kulttuuri",
    }


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_kept(categories):
    text = csv_text(
        "1234567-1;Hyvä ry;;;;;;;",
        "1234567-8;Väärä tunnus ry;;;;;;;",
        ";;Esimerkkilä;;;;;;",
        ";Outo luokka ry;;;avaruus;;;;",
        ";Vanha ry;;;;;;;1600",
        ";Huono numero ry;;12-34;;;;;",
        ";Huono posti ry;;;;;ei-sahkopostia;;",
        ";Toinen hyvä ry;;;;;;;",
    )

    result = import_associations(text)

    assert result.created == 2
    assert [line for line, _reason in result.errors] == [3, 4, 5, 6, 7, 8]
    reasons = dict(result.errors)
    assert "business ID" in reasons[3]
    assert "name" in reasons[4]
    assert "avaruus" in reasons[5]
    assert "1800" in reasons[6]
    assert "123.456" in reasons[7]
    assert "public_email" in reasons[8]
    assert set(Association.objects.values_list("name", flat=True)) == {"Hyvä ry", "Toinen hyvä ry"}


def test_import_updates_by_business_id_then_by_name_and_is_idempotent(categories):
    by_id = AssociationFactory(name="Vanha Nimi ry", business_id="1234567-1")
    by_name = AssociationFactory(name="Kaiku ry", domicile="Muualla")
    text = csv_text(
        "1234567-1;Uusi Nimi ry;Esimerkkilä;;;;;;",
        ";kaiku ry;Esimerkkilä;;;;;;",
    )

    first = import_associations(text)
    second = import_associations(text)

    assert (first.created, first.updated, first.errors) == (0, 2, [])
    assert (second.updated, second.unchanged) == (0, 2)
    by_id.refresh_from_db()
    by_name.refresh_from_db()
    assert by_id.name == "Uusi Nimi ry"
    assert by_name.domicile == "Esimerkkilä"
    assert Association.objects.count() == 2


def test_an_empty_cell_does_not_clear_a_known_value(categories):
    association = AssociationFactory(name="Kaiku ry", website="https://kaiku.fi")

    import_associations(csv_text(";Kaiku ry;;;;;;;"))

    association.refresh_from_db()
    assert association.website == "https://kaiku.fi"


def test_a_file_without_the_name_column_is_rejected_and_nothing_changes():
    result = import_associations("ytunnus,kotipaikka\n1234567-1,Esimerkkilä\n")

    assert result.errors == [(1, "The header row must have a column called “nimi”.")]
    assert not Association.objects.exists()


def test_comma_separated_files_are_read_too(categories):
    result = import_associations("nimi,kotipaikka\nKaiku ry,Esimerkkilä\n")

    assert result.created == 1


def test_command_dry_run_reports_but_saves_nothing(tmp_path, categories):
    path = tmp_path / "yhdistykset.csv"
    path.write_text(csv_text(";Hyvä ry;;;;;;;", ";;Esimerkkilä;;;;;;"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_associations", str(path), "--dry-run", stdout=out, stderr=err)

    assert "1 created" in out.getvalue()
    assert "1 rejected" in out.getvalue()
    assert "dry run" in out.getvalue()
    assert "line 3:" in err.getvalue()
    assert not Association.objects.exists()


def test_command_saves_the_good_rows(tmp_path, categories):
    path = tmp_path / "yhdistykset.csv"
    path.write_text("\ufeff" + csv_text(";Hyvä ry;;;urheilu;;;;"), encoding="utf-8")

    call_command("import_associations", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert Association.objects.get().categories.get().slug == "urheilu"
