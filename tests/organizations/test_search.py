import io
import itertools
import sys

import pytest
from django.db import connection
from django.http import QueryDict

from organizations import demo
from organizations.models import (
    COMPOUND_HEAD,
    NAME_PART,
    WAYS,
    WORD_START,
    Association,
    Category,
    TargetGroup,
    is_generic,
    search_terms,
    search_words,
    word_core,
)
from organizations.register import PAGE_SIZE, RegisterPage
from organizations.services import refresh_search_vector
from tests.organizations.factories import AssociationFactory, CategoryFactory
from tests.organizations.search_judgements import BUSINESS_ID_OF, JUDGEMENTS

pytestmark = pytest.mark.django_db


def first_page(text: str) -> list[str]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return [association.name for association in RegisterPage(data).associations]


@pytest.fixture
def demo_register():
    demo.seed(stdout=io.StringIO())


def judged_queries() -> list[tuple[str, set[str]]]:
    queries = list(JUDGEMENTS)
    for name in BUSINESS_ID_OF:
        business_id = Association.objects.get(name=name).business_id
        queries += [(business_id, {name}), (business_id.replace("-", ""), {name})]
    return queries


def test_judged_queries_find_what_residents_expect_on_the_first_page(demo_register, capsys):
    queries = judged_queries()
    recalls, precisions, lines = [], [], []

    for text, relevant in queries:
        page = first_page(text)
        found = relevant & set(page)
        recall = len(found) / min(len(relevant), PAGE_SIZE)
        # An empty page shows nothing wrong, but its recall is zero.
        precision = len(found) / len(page) if page else 1.0
        recalls.append(recall)
        precisions.append(precision)
        lines.append(f"{text:32} {len(page):3} {recall:5.2f} {precision:5.2f}")

    recall = sum(recalls) / len(queries)
    precision = sum(precisions) / len(queries)
    with capsys.disabled():
        sys.stdout.write("\nquery                            hits recall precision\n")
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.write(
            f"{len(queries)} queries: recall {recall:.3f}, precision {precision:.3f}\n"
        )
    assert len(queries) >= 40
    assert recall >= 0.9
    assert precision >= 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("urheiluseurat", "Esimerkkilän Hiihtoseura ry"),
        ("kuorot", "Esimerkkilän Mieskuoro ry"),
        ("laulu", "Kirkonkylän Laulajat ry"),
        ("elakelaiset", "Esimerkkilän Eläkeläiset ry"),
        ("seurat", "Esimerkkilän Kalastusseura ry"),
    ],
)
def test_search_finds_plurals_compound_parts_and_words_without_umlauts(
    demo_register, text, expected
):
    assert expected in first_page(text)


def test_a_kind_of_association_in_the_plural_finds_the_whole_category(demo_register):
    sports_clubs = set(
        Association.objects.filter(categories__slug="urheilu").values_list("name", flat=True)
    )

    found = first_page("urheiluseurat")

    assert set(found) == sports_clubs
    assert found[0] == "Esimerkkilän Urheiluseura ry"


def test_business_id_finds_the_association_with_or_without_the_hyphen():
    club = AssociationFactory(name="Kaiku ry", business_id="1234567-1")
    AssociationFactory(name="Toinen ry", business_id="7654321-9")
    refresh_search_vector()

    assert list(Association.objects.search("1234567-1")) == [club]
    assert list(Association.objects.search("12345671")) == [club]


def test_an_exact_name_comes_before_names_that_contain_it():
    AssociationFactory(name="Kuoro Kaiku ry Junioreille")
    AssociationFactory(name="Aaltojen Kuoro Kaiku ry")
    exact = AssociationFactory(name="Kuoro Kaiku ry")
    refresh_search_vector()

    found = list(Association.objects.search("kuoro kaiku"))

    assert found[0] == exact
    assert len(found) == 3


def test_target_group_and_category_names_are_searched_in_every_language():
    culture = CategoryFactory(name="Kulttuuri", slug="kulttuuri")
    Category.objects.filter(pk=culture.pk).update(name_sv="Kultur")
    seniors = TargetGroup.objects.create(slug="ikaihmiset", name="Ikäihmiset", name_sv="Äldre")
    choir = AssociationFactory(name="Kaiku ry")
    choir.categories.add(culture)
    choir.target_groups.add(seniors)
    AssociationFactory(name="Pallo ry")
    refresh_search_vector()

    assert list(Association.objects.search("kultur")) == [choir]
    assert list(Association.objects.search("ikaihmisille")) == [choir]


def test_search_at_thousands_of_rows_uses_the_indexes():
    AssociationFactory(name="Esimerkkilän Urheiluseura ry")
    Association.objects.bulk_create(
        Association(
            name=f"Yhdistys {number} ry",
            slug=f"yhdistys-{number}",
            purpose="Toimintaa kylätalolla jäsenille.",
        )
        for number in range(4000)
    )
    refresh_search_vector()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_association")
        # At a few thousand rows the planner may still find a scan cheaper, depending on the
        # sample ANALYZE drew; what must hold is that every lookup has an index that serves it.
        cursor.execute("SET LOCAL enable_seqscan = off")

    plans = [
        Association.objects.listed().search(text).explain()
        for text in ("urheiluseurat", "kuoro", "1234567-1", "urheluseura")
    ]

    for plan in plans:
        assert "Index Scan" in plan
        # No lookup of a part of a word lacks an index.
        lines = plan.splitlines()
        for line, following in itertools.pairwise(lines):
            if "Seq Scan" in line:
                assert "search_text ~" not in following
                assert "%>" not in following


@pytest.mark.parametrize(
    "text", ["kuoro", "laulu", "seura", "uinti", "kylä", "eläkeläiset", "tanssi"]
)
def test_the_parts_patterns_read_as_one_find_what_each_finds(demo_register, text):
    """A word's core is looked for with its patterns as one (search_terms): the same rows as
    looking for each of them."""
    (word,) = search_words(text)
    core = word_core(word)
    patterns = [NAME_PART, COMPOUND_HEAD] + ([] if is_generic(word) else [WORD_START])
    each = Association.objects.none()
    for pattern in patterns:
        each |= Association.objects.filter(search_text__regex=pattern % core)
    (part,) = [texts for way, texts in search_terms([word])[0] if way == "part"]

    as_one = Association.objects.filter(WAYS["part"](*part))

    assert set(as_one) == set(each)
    assert as_one.exists()
