"""The wellbeing pages in the phone-width check (tests/browser/test_phone_widths.py)."""

from tests.factories import AssociationFactory, TargetGroupFactory
from tests.wellbeing.round_factories import (
    InputAnswerFactory,
    InputRoundFactory,
    QuotationFactory,
    ReachedFactory,
    ThemeFactory,
)
from tests.wellbeing.survey_phone import NOT_PAGES as FOLLOWUP_NOT_PAGES
from tests.wellbeing.survey_phone import followup_journeys, followup_phone_data

LONG_WORD = "Hyvinvointisuunnitelmayhteistyöverkostotoimenpideohjelmaehdotus"

# Downloads and POST-only addresses.
NOT_PAGES = {
    "wellbeing:round_export",
    "wellbeing:quotation_create",
} | FOLLOWUP_NOT_PAGES


def phone_data(data) -> dict:
    """Rounds in every state, a draft of the data's association and a sent answer to quote."""
    themes = [
        ThemeFactory(slug="yksinaisyys", name="Yksinäisyys"),
        ThemeFactory(slug="pitka-teema", name=f"Teema {LONG_WORD}"),
    ]
    group = TargetGroupFactory(slug="ikaihmiset", name="Ikäihmiset")
    open_round = InputRoundFactory(title=f"Kierros {LONG_WORD}", themes=themes)
    draft = InputAnswerFactory(
        round=open_round,
        association=data["association"],
        draft=True,
        observed_needs=f"{LONG_WORD} " * 5,
    )
    ReachedFactory(answer=draft, target_group=group)
    sent = InputAnswerFactory(
        round=open_round,
        association=AssociationFactory(name=f"{LONG_WORD} ry"),
        proposals=f"{LONG_WORD} https://www.esimerkkila.fi/hyvin/pitka/osoite/joka/ei/mahdu",
    )
    ReachedFactory(answer=sent, target_group=group, people_reached=1200)
    quotation = QuotationFactory(answer=sent, theme=themes[1], text=f"{LONG_WORD} " * 3)
    published = InputRoundFactory(published=True, themes=themes, title=f"Julkaistu {LONG_WORD}")
    QuotationFactory(answer=InputAnswerFactory(round=published), theme=themes[1])
    return {
        "open": open_round,
        "draft_round": InputRoundFactory(draft=True, themes=themes),
        "closed": InputRoundFactory(closed=True, themes=themes),
        "published": published,
        "draft": draft,
        "sent": sent,
        "quotation": quotation,
        "followup": followup_phone_data(data),
    }


def journeys(data, own) -> list[tuple]:
    association = data["association"]
    open_round = {"pk": own["open"].pk}
    return [
        (None, "wellbeing:index", {}, ""),
        (None, "wellbeing:round_summary", {"pk": own["published"].pk}, ""),
        ("rep", "wellbeing:round_list", {}, ""),
        ("rep", "wellbeing:round_detail", open_round, ""),
        ("rep", "wellbeing:answer_edit", {**open_round, "association_pk": association.pk}, ""),
        ("rep", "wellbeing:answer_detail", {"pk": own["draft"].pk}, ""),
        ("rep", "wellbeing:answer_submit", {"pk": own["draft"].pk}, ""),
        ("officer", "wellbeing:round_list", {}, ""),
        ("officer", "wellbeing:round_create", {}, ""),
        ("officer", "wellbeing:round_detail", open_round, ""),
        ("officer", "wellbeing:round_edit", open_round, ""),
        ("officer", "wellbeing:round_open", {"pk": own["draft_round"].pk}, ""),
        ("officer", "wellbeing:round_close", open_round, ""),
        ("officer", "wellbeing:round_publish", {"pk": own["closed"].pk}, ""),
        ("officer", "wellbeing:answer_detail", {"pk": own["sent"].pk}, ""),
        ("officer", "wellbeing:answer_reopen", {"pk": own["sent"].pk}, ""),
        ("officer", "wellbeing:quotation_edit", {"pk": own["quotation"].pk}, ""),
        ("officer", "wellbeing:quotation_delete", {"pk": own["quotation"].pk}, ""),
        *followup_journeys(data, own["followup"]),
    ]
