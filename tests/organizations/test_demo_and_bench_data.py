import io

import pytest
from django.core.management import call_command

from organizations import demo
from organizations.models import Association, Category, TargetGroup
from organizations.validators import validate_business_id

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_the_municipalitys_associations_once():
    out = io.StringIO()

    demo.seed(stdout=out)
    demo.seed(stdout=io.StringIO())

    assert Association.objects.count() == len(demo.ASSOCIATIONS) >= 60
    assert Association.objects.filter(slug="esimerkkilan-urheiluseura-ry").exists()
    assert Association.objects.filter(slug="esimerkkilan-kylayhdistys-ry").exists()
    assert "associations added" in out.getvalue()
    assert len(out.getvalue().strip().splitlines()) == 1


def test_demo_categories_and_target_groups_have_three_languages():
    demo.seed(stdout=io.StringIO())

    sports = Category.objects.get(slug="urheilu")
    seniors = TargetGroup.objects.get(slug="ikaihmiset")
    assert (sports.name_fi, sports.name_sv, sports.name_en) == (
        "Urheilu ja liikunta",
        "Idrott och motion",
        "Sports and exercise",
    )
    assert seniors.name_sv == "Äldre"


def test_demo_business_ids_have_valid_check_digits():
    demo.seed(stdout=io.StringIO())

    business_ids = list(
        Association.objects.exclude(business_id="").values_list("business_id", flat=True)
    )
    assert len(business_ids) >= 10
    for business_id in business_ids:
        validate_business_id(business_id)


def test_demo_associations_are_found_by_search():
    demo.seed(stdout=io.StringIO())

    found = Association.objects.search("urheiluseurat").values_list("slug", flat=True)

    assert "esimerkkilan-urheiluseura-ry" in found


def test_seed_bench_tops_the_register_up_to_the_number():
    Association.objects.create(name="Olemassa oleva ry", slug="olemassa")

    call_command("seed_bench", "--associations", "1200", stdout=io.StringIO())
    call_command("seed_bench", "--associations", "1200", stdout=io.StringIO())

    assert Association.objects.count() == 1200
    bench = Association.objects.filter(slug__startswith="bench-")
    assert bench.count() == 1199
    assert not bench.filter(search_vector__isnull=True).exists()
    assert not bench.filter(categories__isnull=True).exists()
    assert Association.objects.search("kyläyhdistys").exists()
