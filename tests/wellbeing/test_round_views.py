import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.factories import AssociationFactory, TargetGroupFactory
from tests.wellbeing.round_factories import (
    InputAnswerFactory,
    InputRoundFactory,
    QuotationFactory,
    ReachedFactory,
    ThemeFactory,
)
from wellbeing.models import InputAnswer, InputRound, Quotation

pytestmark = pytest.mark.django_db


def en(name, *args):
    with translation.override("en"):
        return reverse(f"wellbeing:{name}", args=args)


@pytest.fixture
def open_round():
    return InputRoundFactory()


@pytest.fixture
def answer(open_round, association):
    return InputAnswerFactory(round=open_round, association=association)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("plain_user", 404),
        ("other_association_rep", 404),
        ("association_rep", 200),
        ("liaison_officer", 200),
        ("council_member", 200),
    ],
)
def test_who_may_read_an_answer(request, client_for, answer, who, expected):
    user = request.getfixturevalue(who) if who else None

    response = client_for(user).get(en("answer_detail", answer.pk))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("plain_user", 404),
        ("other_association_rep", 403),
        ("council_member", 403),
        ("association_rep", 200),
    ],
)
def test_only_the_associations_representatives_may_open_its_answer_form(
    request, client_for, open_round, association, who, expected
):
    user = request.getfixturevalue(who) if who else None

    response = client_for(user).get(en("answer_edit", open_round.pk, association.pk))

    assert response.status_code == expected


def test_another_associations_rep_cannot_save_into_its_draft(
    client_for, other_association_rep, open_round, association
):
    draft = InputAnswerFactory(round=open_round, association=association, draft=True)

    response = client_for(other_association_rep).post(
        en("answer_edit", open_round.pk, association.pk), {"proposals": "Kaapattu"}
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.proposals == "Palveluliikenne kylien kautta."


@pytest.mark.parametrize(
    "page",
    ["round_create", "round_edit", "round_open", "round_close", "round_publish"],
)
@pytest.mark.parametrize("who", ["council_member", "association_rep", "plain_user"])
def test_only_the_officer_manages_rounds(request, client_for, page, who):
    input_round = InputRoundFactory(draft=True)
    args = () if page == "round_create" else (input_round.pk,)
    client = client_for(request.getfixturevalue(who))

    get = client.get(en(page, *args))
    post = client.post(en(page, *args), {"summary": "x", "title": "x", "year": 2026})

    assert (get.status_code, post.status_code) == (403, 403)
    input_round.refresh_from_db()
    assert input_round.status == InputRound.Status.DRAFT
    assert InputRound.objects.count() == 1


def test_council_member_reads_but_cannot_quote_or_reopen(client_for, council_member, answer):
    client = client_for(council_member)

    page = client.get(en("answer_detail", answer.pk))
    quote = client.post(en("quotation_create", answer.pk), {"text": "Lainaus"})
    reopen = client.post(en("answer_reopen", answer.pk))

    assert page.status_code == 200
    assert b"quotation-save" not in page.content
    assert (quote.status_code, reopen.status_code) == (403, 403)
    assert not Quotation.objects.exists()
    answer.refresh_from_db()
    assert answer.is_submitted


def test_council_member_may_download_the_answers_to_read_them(client_for, council_member, answer):
    response = client_for(council_member).get(en("round_export", answer.round.pk, "csv"))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["association_rep", "plain_user", None])
def test_export_is_for_readers_only(request, client_for, answer, who):
    user = request.getfixturevalue(who) if who else None

    response = client_for(user).get(en("round_export", answer.round.pk, "xlsx"))

    assert response.status_code in (302, 403)


def test_anonymous_sees_a_published_summary_but_not_an_unpublished_one(resident):
    published = InputRoundFactory(published=True)
    closed = InputRoundFactory(closed=True)

    assert resident.get(en("round_summary", published.pk)).status_code == 200
    assert resident.get(en("round_summary", closed.pk)).status_code == 404
    assert resident.get(en("round_detail", closed.pk)).status_code == 404


def test_the_summary_shows_approved_quotations_only(resident):
    input_round = InputRoundFactory(published=True)
    answer = InputAnswerFactory(round=input_round)
    QuotationFactory(answer=answer, text="Hyväksytty lainaus", is_approved=True)
    QuotationFactory(answer=answer, text="Hylätty lainaus", is_approved=False)

    response = resident.get(en("round_summary", input_round.pk))

    assert "Hyväksytty lainaus" in response.text
    assert "Hylätty lainaus" not in response.text
    assert answer.association.name in response.text


def test_the_summary_orders_its_themes_in_each_readers_language(resident):
    # "Aa" comes first in Finnish and last in Swedish.
    first = ThemeFactory(slug="aa", name_fi="Aa", name_sv="Öö", order=0)
    second = ThemeFactory(slug="bb", name_fi="Bb", name_sv="Bb", order=0)
    input_round = InputRoundFactory(published=True, themes=[first, second])
    InputAnswerFactory(round=input_round)

    def themes_in(language):
        with translation.override(language):
            url = reverse("wellbeing:round_summary", args=[input_round.pk])
        page = resident.get(url).text
        return sorted(("Aa", "Öö", "Bb"), key=lambda name: page.find(f"<td>{name}</td>"))[1:]

    assert themes_in("fi") == ["Aa", "Bb"]
    assert themes_in("sv") == ["Bb", "Öö"]
    assert themes_in("fi") == ["Aa", "Bb"]


def test_the_index_lists_published_summaries_only(resident):
    published = InputRoundFactory(published=True, title="Julkaistu kierros")
    InputRoundFactory(closed=True, title="Suljettu kierros")

    response = resident.get(en("index"))

    assert published.title in response.text
    assert "Suljettu kierros" not in response.text


def test_representative_answers_in_two_sittings_and_sends(
    client_for, association_rep, association, open_round
):
    client = client_for(association_rep)
    theme = open_round.themes.get(slug="yksinaisyys")
    group = TargetGroupFactory(slug="ikaihmiset", name="Ikäihmiset")
    url = en("answer_edit", open_round.pk, association.pk)

    client.post(url, {"themes": [theme.pk], "observed_needs": "Yksinäisyys", "action": "save"})
    second = client.post(
        url,
        {
            "themes": [theme.pk],
            "observed_needs": "Yksinäisyys",
            f"reached_{group.pk}": "35",
            "needs_premises": "on",
            "structures": ["hyte"],
            "action": "review",
        },
    )
    answer = InputAnswer.objects.get(round=open_round, association=association)
    sent = client.post(en("answer_submit", answer.pk))

    assert second.url == en("answer_submit", answer.pk)
    assert sent.status_code == 302
    answer.refresh_from_db()
    assert answer.is_submitted
    assert answer.needs_premises
    assert answer.structures == ["hyte"]
    assert answer.reached_groups.get().people_reached == 35


def test_bad_numbers_get_a_message_and_keep_what_was_typed(
    client_for, association_rep, association, open_round
):
    group = TargetGroupFactory(slug="lapset", name="Lapset")

    response = client_for(association_rep).post(
        en("answer_edit", open_round.pk, association.pk),
        {"observed_needs": "Tärkeä havainto", f"reached_{group.pk}": "-5", "action": "save"},
    )

    assert response.status_code == 400
    assert "greater than or equal to 0" in response.text
    assert "Tärkeä havainto" in response.text
    assert not InputAnswer.objects.exists()


def test_too_long_text_is_refused_with_the_limit_stated(
    client_for, association_rep, association, open_round
):
    response = client_for(association_rep).post(
        en("answer_edit", open_round.pk, association.pk),
        {"proposals": "x" * 4001, "action": "save"},
    )

    assert response.status_code == 400
    assert "at most 4000 characters" in response.text
    assert not InputAnswer.objects.exists()


def test_a_sent_answer_form_redirects_to_the_answer(client_for, association_rep, answer):
    response = client_for(association_rep).get(
        en("answer_edit", answer.round.pk, answer.association.pk)
    )

    assert response.status_code == 302
    assert response.url == answer.get_absolute_url()


def test_sending_an_empty_draft_says_what_is_missing(
    client_for, association_rep, association, open_round
):
    draft = InputAnswerFactory(
        round=open_round,
        association=association,
        draft=True,
        themes=[],
        observed_needs="",
        own_actions="",
        proposals="",
    )

    response = client_for(association_rep).post(en("answer_submit", draft.pk))

    assert response.status_code == 400
    assert "Choose at least one theme" in response.text
    draft.refresh_from_db()
    assert draft.status == InputAnswer.Status.DRAFT


def test_officer_creates_a_round_and_bad_dates_get_a_message(client_for, liaison_officer):
    theme = InputRoundFactory().themes.first()
    client = client_for(liaison_officer)
    today = timezone.localdate()
    data = {
        "year": today.year,
        "title": "Uusi kierros",
        "themes": [theme.pk],
        "instructions": "Ohjeet",
        "opens_on": today.isoformat(),
        "deadline": (today - timedelta(days=1)).isoformat(),
    }

    bad = client.post(en("round_create"), data)
    good = client.post(en("round_create"), {**data, "deadline": today.isoformat()})

    assert bad.status_code == 400
    assert "The deadline cannot be before the opening day." in bad.text
    assert good.status_code == 302
    created = InputRound.objects.get(title="Uusi kierros")
    assert created.status == InputRound.Status.DRAFT
    assert list(created.themes.all()) == [theme]


def test_officer_marks_a_quotation_and_publishes(client_for, liaison_officer, answer):
    client = client_for(liaison_officer)
    theme = answer.round.themes.first()

    client.post(
        en("quotation_create", answer.pk),
        {"text": "Moni jää kotiin", "theme": theme.pk, "is_approved": "on"},
    )
    client.post(en("round_close", answer.round.pk))
    published = client.post(en("round_publish", answer.round.pk), {"summary": "Mitä tehdään"})

    assert published.status_code == 302
    answer.round.refresh_from_db()
    assert answer.round.status == InputRound.Status.PUBLISHED
    assert Quotation.objects.get().is_approved


def test_an_unknown_theme_filter_gets_a_message(client_for, liaison_officer, answer):
    response = client_for(liaison_officer).get(
        en("round_detail", answer.round.pk) + "?teema=ei-ole"
    )

    assert response.status_code == 400
    assert "No such theme or target group" in response.text


def test_reading_by_theme_shows_only_answers_touching_it(client_for, liaison_officer, open_round):
    loneliness = open_round.themes.get(slug="yksinaisyys")
    sport = open_round.themes.get(slug="liikunta")
    lonely = InputAnswerFactory(round=open_round, themes=[loneliness])
    sporty = InputAnswerFactory(round=open_round, themes=[sport])

    response = client_for(liaison_officer).get(
        en("round_detail", open_round.pk) + "?teema=liikunta"
    )

    assert sporty.association.name in response.text
    assert lonely.association.name not in response.text


def test_reading_by_target_group_alone_and_with_a_theme(client_for, liaison_officer, open_round):
    children, elderly = (TargetGroupFactory(slug=slug, name=slug) for slug in ("lapset", "vanhat"))
    sport = open_round.themes.get(slug="liikunta")
    answers = {
        (group.slug, theme.slug): InputAnswerFactory(round=open_round, themes=[theme])
        for group in (children, elderly)
        for theme in open_round.themes.all()
    }
    for (slug, _theme), answer in answers.items():
        ReachedFactory(answer=answer, target_group=children if slug == "lapset" else elderly)
    client = client_for(liaison_officer)

    for query, shown in [
        ("?kohderyhma=lapset", {key for key in answers if key[0] == "lapset"}),
        ("?kohderyhma=vanhat&teema=liikunta", {("vanhat", sport.slug)}),
        ("?teema=liikunta&kohderyhma=lapset&page=2", {("lapset", sport.slug)}),
    ]:
        text = client.get(en("round_detail", open_round.pk) + query).text
        assert {key for key, answer in answers.items() if answer.association.name in text} == shown


def _answers(input_round, count):
    groups = [TargetGroupFactory(slug=f"ryhma-{n}", name=f"Ryhmä {n}") for n in range(2)]

    for _n in range(count):
        answer = InputAnswerFactory(round=input_round)
        ReachedFactory(answer=answer, target_group=groups[0])
        QuotationFactory(answer=answer)


def _queries(client, url) -> int:
    # The page as rendered afresh: a cached copy of the answers would hide what it costs.
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["round_detail", "round_export"])
def test_the_reading_page_and_export_queries_do_not_grow_with_answers(
    client_for, liaison_officer, open_round, page
):
    client = client_for(liaison_officer)
    args = (open_round.pk,) if page == "round_detail" else (open_round.pk, "xlsx")
    url = en(page, *args)
    _answers(open_round, 3)
    client.get(url)
    with_three = _queries(client, url)

    _answers(open_round, 27)
    with_thirty = _queries(client, url)

    assert with_three == with_thirty


@pytest.mark.parametrize("query", ["", "?teema=yksinaisyys", "?teema=liikunta&kohderyhma=ryhma-0"])
def test_the_reading_page_takes_seven_queries_at_three_and_at_thirty_answers(
    client_for, liaison_officer, open_round, django_assert_num_queries, query
):
    # The session, the user and their roles; the round with its themes; the page of answers
    # with their cards and count; every target group; the figures.
    client = client_for(liaison_officer)
    url = en("round_detail", open_round.pk) + query
    _answers(open_round, 3)
    client.get(url)

    for count in (3, 30):
        _answers(open_round, count - len(open_round.answers.all()))
        cache.clear()
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200


def test_the_summary_takes_four_queries_besides_the_session(
    client_for, liaison_officer, django_assert_num_queries
):
    # The round with its themes, the figures, the target groups reached and the quotations.
    input_round = InputRoundFactory(published=True)
    _answers(input_round, 5)
    client = client_for(liaison_officer)
    url = en("round_summary", input_round.pk)
    client.get(url)
    cache.clear()

    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_a_card_shows_a_theme_taken_off_the_round_after_the_answer_was_sent(
    client_for, liaison_officer, open_round
):
    culture = ThemeFactory(slug="kulttuuri", name="Kulttuuri")
    sport = open_round.themes.get(slug="liikunta")
    open_round.themes.add(culture)
    answer = InputAnswerFactory(round=open_round, themes=[culture, sport])
    open_round.themes.remove(culture)

    text = client_for(liaison_officer).get(en("round_detail", open_round.pk)).text

    card = text[text.index(f'data-testid="answer-{answer.pk}"') :]
    # Both in their usual order: by the names shown (Finnish, for want of English ones).
    assert '<span class="tag">Kulttuuri</span> <span class="tag">Liikunta</span>' in card
    assert 'value="kulttuuri"' not in text


@pytest.mark.parametrize(
    ("page", "shown"),
    [("", 1), ("2", 2), ("3", 2), ("99", 2), ("0", 2), ("-1", 2), ("x", 1), ("1.5", 1)],
)
def test_a_page_out_of_range_shows_the_last_or_the_first_as_the_paginator_does(
    client_for, liaison_officer, open_round, page, shown
):
    for n in range(12):
        InputAnswerFactory(round=open_round, association=AssociationFactory(name=f"Seura {n:02}"))

    text = client_for(liaison_officer).get(en("round_detail", open_round.pk) + f"?page={page}").text

    assert f"Page {shown} of 2" in text
    assert ("Seura 11" in text) == (shown == 2)
    assert ("Seura 00" in text) == (shown == 1)


def test_the_export_has_a_row_per_answer_and_counts_per_theme(
    client_for, liaison_officer, open_round
):
    children = TargetGroupFactory(slug="lapset", name="Lapset")
    for people in (10, 25):
        ReachedFactory(
            answer=InputAnswerFactory(round=open_round),
            target_group=children,
            people_reached=people,
        )
    InputAnswerFactory(round=open_round, draft=True)

    response = client_for(liaison_officer).get(en("round_export", open_round.pk, "xlsx"))
    csv_response = client_for(liaison_officer).get(en("round_export", open_round.pk, "csv"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, total = rows[0], rows[-1]
    assert len(rows) == 4  # header, two sent answers, totals
    assert total[header.index("Liikunta")] == 2
    assert total[header.index("Yksinäisyys")] == 0
    assert total[header.index("People reached: Lapset")] == 35
    assert csv_response.content.startswith("\ufeff".encode())
    assert b";" in csv_response.content.splitlines()[0]


def test_the_export_refuses_an_unknown_format(client_for, liaison_officer, answer):
    response = client_for(liaison_officer).get(en("round_export", answer.round.pk, "pdf"))

    assert response.status_code == 404


def test_a_representatives_dashboard_shows_the_open_round(client_for, association_rep, open_round):
    response = client_for(association_rep).get(reverse("portal:dashboard"))

    assert f'data-testid="dashboard-wellbeing-{open_round.pk}-' in response.text


def test_the_home_page_shows_the_open_round(resident, open_round):
    response = resident.get(reverse("portal:home"))

    assert open_round.title in response.text


def test_a_rep_with_another_association_sees_only_its_own_status(
    client_for, association_rep, association, open_round
):
    other = AssociationFactory()
    InputAnswerFactory(round=open_round, association=other)

    response = client_for(association_rep).get(en("round_detail", open_round.pk))

    assert f'data-testid="own-{association.pk}"' in response.text
    assert other.name not in response.text


def test_officer_is_asked_first_and_then_returns_an_answer_to_a_draft(
    client_for, liaison_officer, answer
):
    client = client_for(liaison_officer)

    asked = client.get(en("answer_reopen", answer.pk))
    answer.refresh_from_db()
    assert answer.is_submitted
    returned = client.post(en("answer_reopen", answer.pk))

    assert 'data-testid="consequences"' in asked.text
    assert returned.status_code == 302
    answer.refresh_from_db()
    assert answer.status == InputAnswer.Status.DRAFT


@pytest.mark.parametrize("page", ["quotation_edit", "quotation_delete"])
@pytest.mark.parametrize("who", ["association_rep", "council_member"])
def test_only_the_officer_changes_or_removes_quotations(request, client_for, answer, page, who):
    quotation = QuotationFactory(answer=answer, text="Alkuperäinen")
    client = client_for(request.getfixturevalue(who))

    response = client.post(en(page, quotation.pk), {"text": "Muutettu"})

    assert response.status_code == 403
    quotation.refresh_from_db()
    assert quotation.text == "Alkuperäinen"


def test_a_rep_sees_the_round_to_answer_in_the_list(client_for, association_rep, association):
    input_round = InputRoundFactory()
    InputRoundFactory(draft=True, title="Valmisteilla")

    response = client_for(association_rep).get(en("round_list"))

    assert f'data-testid="own-{input_round.pk}-{association.pk}"' in response.text
    assert "Valmisteilla" not in response.text


def test_no_answer_is_saved_into_a_closed_round(client_for, association_rep, association):
    closed = InputRoundFactory(closed=True)

    response = client_for(association_rep).post(
        en("answer_edit", closed.pk, association.pk), {"proposals": "Myöhässä", "action": "save"}
    )

    assert response.status_code == 302
    assert not InputAnswer.objects.exists()


def test_the_officers_dashboard_links_to_the_rounds(client_for, liaison_officer, open_round):
    response = client_for(liaison_officer).get(reverse("portal:dashboard"))

    assert 'id="officer-wellbeing-rounds"' in response.text


def test_the_reading_page_shows_a_returned_and_a_sent_answer_at_once(
    client_for, liaison_officer, association_rep, answer
):
    officer = client_for(liaison_officer)
    url = en("round_detail", answer.round.pk)
    assert f'data-testid="answer-{answer.pk}"' in officer.get(url).text

    officer.post(en("answer_reopen", answer.pk))
    returned = officer.get(url)
    answer.refresh_from_db()
    client_for(association_rep).post(en("answer_submit", answer.pk))
    sent_again = officer.get(url)

    assert f'data-testid="answer-{answer.pk}"' not in returned.text
    assert "1 draft not sent" in returned.text
    assert f'data-testid="answer-{answer.pk}"' in sent_again.text
    assert "0 drafts not sent" in sent_again.text


def test_the_theme_filter_lists_themes_by_the_names_shown_where_a_translation_is_missing(
    client_for, liaison_officer
):
    # Only Finnish names: in English each theme shows its Finnish one, and they are listed by
    # it, not by the empty English column (whatever order the database returns them in).
    input_round = InputRoundFactory(
        themes=[
            ThemeFactory(slug="vapaa-aika", name="Vapaa-aika"),
            ThemeFactory(slug="asuminen", name="Asuminen"),
            ThemeFactory(slug="liikkuminen", name="Liikkuminen"),
        ]
    )

    text = client_for(liaison_officer).get(en("round_detail", input_round.pk)).text

    options = re.findall(r'<option value="([a-z-]+)"', text[text.index('id="filter-theme"') :])
    assert options[:3] == ["asuminen", "liikkuminen", "vapaa-aika"]
