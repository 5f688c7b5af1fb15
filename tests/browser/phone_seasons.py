"""The seasonal round pages at phone widths (see tests/browser/test_phone_widths.py)."""

from datetime import time

from facilities.models import Space
from tests.facilities.factories import (
    BookingRulesFactory,
    SiteFactory,
    SpaceFactory,
    open_every_day,
)
from tests.facilities.season_data import (
    MON,
    make_application,
    make_need,
    make_round,
    make_turn,
)

# Pages that only take a POST.
NOT_PAGES = {
    "facilities:season_round_open",
    "facilities:season_round_propose",
    "facilities:season_turn_delete",
    "facilities:season_need_delete",
}

LONG_NAME = "Yhdistystoimintaavustushakemuskäsittelyjärjestelmäkehittämisprojektijoukkue"


def phone_data(data) -> dict:
    site = SiteFactory(name="Liikuntahalli", slug="liikuntahalli-puhelin", sector="sports")
    open_every_day(site, opens=time(7), closes=time(22))
    hall = SpaceFactory(site=site, name="Palloilusali", slug="sali-puhelin", type=Space.Type.HALL)
    BookingRulesFactory(space=hall, requires_approval=False)
    open_round = make_round(spaces=[hall], by=data["officer"], name=f"Talvikausi {LONG_NAME}")
    application = make_application(open_round, data["association"], by=data["rep"])
    wishes = [(hall, MON, "17:00", "19:00"), (hall, 2, "17:00", "19:00")]
    need = make_need(application, name=LONG_NAME, wishes=wishes)
    turn = make_turn(need, hall, MON, "17:00", "18:30", by=data["officer"])
    second = make_round(spaces=[hall], by=data["officer"], name="Kesäkausi")
    draft = make_application(second, data["association"], by=data["rep"], submitted=False)
    draft_need = make_need(draft, wishes=[(hall, MON, "17:00", "19:00")])
    return {
        "round": open_round,
        "second": second,
        "application": application,
        "draft": draft,
        "draft_need": draft_need,
        "turn": turn,
        "hall": hall,
    }


def journeys(data, own) -> list:
    round_pk = {"pk": own["round"].pk}
    draft = {"pk": own["draft"].pk}
    return [
        (None, "facilities:season_round_list", {}, ""),
        (None, "facilities:season_round_detail", round_pk, ""),
        ("rep", "facilities:season_round_detail", round_pk, ""),
        ("rep", "facilities:season_application_create", {"pk": own["second"].pk}, ""),
        ("rep", "facilities:season_application_detail", {"pk": own["application"].pk}, ""),
        ("rep", "facilities:season_application_detail", draft, ""),
        ("rep", "facilities:season_application_edit", draft, ""),
        ("rep", "facilities:season_application_submit", draft, ""),
        ("rep", "facilities:season_need_create", draft, ""),
        ("rep", "facilities:season_need_edit", {"pk": own["draft_need"].pk}, ""),
        ("rep", "facilities:season_turn_give_up", {"pk": own["turn"].pk}, ""),
        ("rep", "facilities:season_application_give_up", {"pk": own["application"].pk}, ""),
        ("officer", "facilities:season_round_create", {}, ""),
        ("officer", "facilities:season_round_edit", round_pk, ""),
        ("officer", "facilities:season_allocation", round_pk, f"?tila={own['hall'].pk}"),
        ("officer", "facilities:season_turn_edit", {"pk": own["turn"].pk}, ""),
        ("officer", "facilities:season_round_publish", round_pk, ""),
    ]
