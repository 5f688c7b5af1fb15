"""Every page fits a phone: at 375 and 320 px no page scrolls sideways, for a resident, an
association's representative and the liaison officer. Wide tables and calendars scroll inside
their own box instead."""

import importlib
import importlib.util
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from events.models import CycleItem
from facilities.models import Booking
from grants.models import DisqualificationDeclaration, UseReport
from portal.models import ContentPage
from tests.browser.conftest import assert_accessible
from tests.events.evening_factories import CycleItemFactory, EveningFactory, InvitationFactory
from tests.events.factories import EventFactory, day_at
from tests.facilities.factories import (
    BookingFactory,
    BookingRulesFactory,
    SiteFactory,
    SpaceFactory,
    at,
    open_every_day,
)
from tests.factories import AssociationFactory, CategoryFactory
from tests.grants.factories import (
    CriterionFactory,
    DecisionFactory,
    GrantApplicationFactory,
    GrantRoundFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 320]

# A long word and a long address, as associations write them, must wrap and not widen a page.
LONG_WORD = "Yhdistystoimintaavustushakemuskäsittelyjärjestelmäkehittämisprojekti"
LONG_URL = "https://www.esimerkkila.fi/yhdistykset/hyvin/pitka/osoite/joka/ei/mahdu/puhelimeen"

# Pages that return no HTML page of their own (files, feeds, open data) or only take a POST.
NOT_PAGES = {
    "hello",
    "favicon",
    "api_schema",
    "api_docs",
    "portal:council_report_pdf",
    "council_report_file",
    "portal:council_report_publish",
    # A stored version: tested at phone width and with axe in tests/browser/test_council.py.
    "portal:council_report_html",
    "portal:privacy_export_json",
    "organizations:register_export",
    "organizations:register_json",
    "organizations:register_csv",
    "organizations:association_verify",
    "organizations:membership_approve",
    "organizations:membership_reject",
    "organizations:membership_end",
    "grants:opendata_json",
    "grants:opendata_csv",
    "grants:payment_export",
    "grants:decision_letter",
    "grants:attachment_upload",
    "grants:attachment_download",
    "grants:attachment_delete",
    "grants:payment_mark_paid",
    "grants:application_submit",
    "grants:application_withdraw",
    "grants:disqualification_declare",
    "facilities:space_ical",
    "facilities:association_ical",
    "facilities:statistics_csv",
    "facilities:calendar_feed_create",
    "facilities:block_delete",
    "facilities:booking_cancel",
    "facilities:booking_decide",
    "facilities:series_decide",
    "facilities:series_cancel",
    "facilities:series_create",
    "facilities:series_detail",
    "facilities:booking_participants",
    "events:calendar_ics",
    "events:association_ics",
    "events:event_cancel",
    "events:feed_import",
    "events:feed_delete",
    "events:feed_edit",
    "events:evening_export",
    "cycle:cycle_ics",
    "cycle:cycle_item_delete",
    "portal:erasure_request_decide",
}

# The apps and parts built on the frame list their own pages in tests/browser/phone_<part>.py:
# NOT_PAGES (a set of URL names), phone_data(data) -> dict of what their pages show, made with
# the association, "rep" and "officer" of data, and journeys(data, own) -> the same tuples as below.
PHONE_PARTS = [
    importlib.import_module(f"tests.browser.phone_{part}")
    for part in ("wellbeing", "communication", "volunteering", "seasons", "leases", "agents")
    if importlib.util.find_spec(f"tests.browser.phone_{part}") is not None
]
NOT_PAGES |= {name for part in PHONE_PARTS for name in part.NOT_PAGES}

# The widest element that sticks out past the viewport's right edge, described for a reader.
WIDEST_OVERFLOW = """() => {
  const limit = window.innerWidth;
  let widest = null;
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right <= limit + 0.5 || box.width === 0) continue;
    // An absolutely placed element escapes a scroll box that is not its containing block.
    let clipped = false;
    const escapes = ["absolute", "fixed"].includes(getComputedStyle(element).position);
    let up = escapes ? null : element.parentElement;
    for (; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible" && up.getBoundingClientRect().right <= limit + 0.5) {
        clipped = true;
        break;
      }
    }
    if (clipped) continue;
    if (!widest || box.right > widest.right) {
      const id = element.id ? "#" + element.id : "";
      const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
      const text = (element.innerText || "").trim().slice(0, 40);
      const name = element.tagName.toLowerCase() + id + classes;
      widest = {right: Math.round(box.right), name, text};
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    widest,
  };
}"""


def sign_in_as(page, live_server, user):
    """Swap the browser's session for the user's (an officer's second factor is set up)."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def portal_data(association, association_rep, liaison_officer):
    """One of everything a page lists or shows, with long words where people type them."""
    association.purpose = f"{LONG_WORD} ja kotisivu {LONG_URL}"
    association.website = LONG_URL
    association.save()
    association.categories.add(CategoryFactory(name="Kulttuuri", slug="kulttuuri"))
    AssociationFactory(name=f"{LONG_WORD} ry", purpose=LONG_URL)

    grant_round = GrantRoundFactory(
        title=f"Kulttuurin kohdeavustus {LONG_WORD}", programme__contact_official=liaison_officer
    )
    CriterionFactory(grant_round=grant_round, name="Vaikuttavuus")
    application = GrantApplicationFactory(
        grant_round=grant_round,
        association=association,
        created_by=association_rep,
        in_review=True,
        purpose_and_activities=f"{LONG_WORD} {LONG_URL}",
    )
    draft = GrantApplicationFactory(
        grant_round=GrantRoundFactory(year_round=True),
        association=association,
        created_by=association_rep,
    )
    DisqualificationDeclaration.objects.create(
        reviewer=liaison_officer, application=application, is_disqualified=False
    )
    decision = DecisionFactory(application__association=association)
    UseReport.objects.create(
        application=decision.application,
        volunteer_hours=40,
        total_costs=Decimal("900"),
        grant_used=Decimal("500"),
        narrative=f"{LONG_WORD} {LONG_URL}",
        submitted_by=association_rep,
    )

    site = SiteFactory(name="Yhdistystalo", slug="yhdistystalo")
    open_every_day(site)
    space = SpaceFactory(site=site, name="Kokoushuone Aalto", slug="kokoushuone-aalto")
    BookingRulesFactory(space=space, requires_approval=True)
    booking = BookingFactory(
        space=space,
        association=association,
        booked_by=association_rep,
        starts_at=at(1, 10),
        ends_at=at(1, 12),
        status=Booking.Status.PENDING,
        purpose=LONG_WORD,
    )

    event = EventFactory(
        title=f"Kesäkonsertti {LONG_WORD}",
        description=LONG_URL,
        organisers=[association],
        starts_at=day_at(1),
        ends_at=day_at(1) + timedelta(hours=2),
    )
    EventFactory(title="Odottaa tarkastusta", pending=True, organisers=[association])

    evening = EveningFactory(title="Syksyn yhdistysilta", announced=True)
    invitation = InvitationFactory(evening=evening, association=association)
    cycle_item = CycleItemFactory(title=f"Talousarvio {LONG_WORD}", kind=CycleItem.Kind.BUDGET)
    content_page, _created = ContentPage.objects.get_or_create(
        slug="yhdistysohje",
        defaults={
            "section": ContentPage.Section.INSTRUCTIONS,
            "title": "Ohje yhdistyksille",
            "body": f"# Ohje\n\n{LONG_WORD}\n\n{LONG_URL}",
        },
    )
    week = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {
        "association": association,
        "rep": association_rep,
        "officer": liaison_officer,
        "round": grant_round,
        "application": application,
        "draft": draft,
        "decision": decision,
        "space": space,
        "site": site,
        "booking": booking,
        "event": event,
        "evening": evening,
        "invitation": invitation,
        "cycle_item": cycle_item,
        "content_page": content_page,
        "week": week,
        "year": str(decision.decided_on.year),
    }
    for part in PHONE_PARTS:
        data[part.__name__] = part.phone_data(data)
    return data


def journeys(data):
    """(who, URL name, kwargs, query) for each page; who is None, "rep" or "officer"."""
    slug = {"slug": data["association"].slug}
    space = {"slug": data["space"].slug}
    round_pk = {"pk": data["round"].pk}
    application = {"pk": data["application"].pk}
    parts = [entry for part in PHONE_PARTS for entry in part.journeys(data, data[part.__name__])]
    return [
        *parts,
        (None, "portal:home", {}, ""),
        (None, "portal:liaison_role", {}, ""),
        (None, "portal:page_detail", {"slug": data["content_page"].slug}, ""),
        (None, "portal:page_detail", {"slug": "tietosuojaseloste"}, ""),
        (None, "portal:page_detail", {"slug": "saavutettavuusseloste"}, ""),
        (None, "account_login", {}, ""),
        (None, "organizations:association_list", {}, ""),
        (None, "organizations:association_detail", slug, ""),
        (None, "grants:round_list", {}, ""),
        (None, "grants:round_detail", round_pk, ""),
        (None, "grants:awarded_list", {}, ""),
        (None, "grants:awarded_detail", {"pk": data["decision"].application.pk}, ""),
        (None, "facilities:space_list", {}, ""),
        (None, "facilities:space_detail", space, f"?week={data['week']}"),
        (None, "events:event_list", {}, ""),
        (None, "events:event_week", {}, ""),
        (None, "events:event_month", {}, ""),
        (None, "events:event_detail", {"pk": data["event"].pk}, ""),
        (None, "events:evening_list", {}, ""),
        (None, "events:evening_detail", {"pk": data["evening"].pk}, ""),
        (None, "cycle:cycle_year", {}, ""),
        ("rep", "portal:dashboard", {}, ""),
        ("rep", "portal:privacy_export", {}, ""),
        ("rep", "portal:erasure_request", {}, ""),
        ("rep", "organizations:association_register", {}, ""),
        ("rep", "organizations:association_edit", slug, ""),
        ("rep", "organizations:membership_request", slug, ""),
        ("rep", "grants:application_create", round_pk, ""),
        ("rep", "grants:application_detail", application, ""),
        ("rep", "grants:application_edit", {"pk": data["draft"].pk}, ""),
        ("rep", "grants:application_decline", {"pk": data["decision"].application.pk}, ""),
        ("rep", "grants:use_report_edit", {"pk": data["decision"].application.pk}, ""),
        ("rep", "facilities:booking_create", space, ""),
        ("rep", "facilities:booking_list", {}, ""),
        ("rep", "facilities:booking_detail", {"pk": data["booking"].pk}, ""),
        ("rep", "events:my_events", {}, ""),
        ("rep", "events:event_create", {}, ""),
        ("rep", "events:event_edit", {"pk": data["event"].pk}, ""),
        ("rep", "events:invitation_answer", {"pk": data["invitation"].pk}, ""),
        ("officer", "portal:dashboard", {}, ""),
        ("officer", "portal:liaison_role_edit", {}, ""),
        ("officer", "portal:page_create", {}, ""),
        ("officer", "portal:page_edit", {"slug": data["content_page"].slug}, ""),
        ("officer", "portal:page_history", {"slug": data["content_page"].slug}, ""),
        ("officer", "portal:council_summary", {}, ""),
        ("officer", "portal:council_report", {"kind": "annual", "key": data["year"]}, ""),
        ("officer", "portal:council_report_preview", {"kind": "annual", "key": data["year"]}, ""),
        ("officer", "portal:erasure_request_list", {}, ""),
        ("officer", "organizations:membership_queue", {}, ""),
        ("officer", "organizations:association_history", slug, ""),
        ("officer", "grants:figures", {}, ""),
        ("officer", "grants:round_create", {}, ""),
        ("officer", "grants:round_edit", round_pk, ""),
        ("officer", "grants:round_review", round_pk, ""),
        ("officer", "grants:round_review", round_pk, "?order=ranking"),
        ("officer", "grants:score_edit", application, ""),
        ("officer", "grants:decision_edit", application, ""),
        ("officer", "grants:use_report_review", {"pk": data["decision"].application.pk}, ""),
        ("officer", "facilities:officer_queue", {}, ""),
        ("officer", "facilities:officer_schedule", {}, ""),
        ("officer", "facilities:rules_edit", space, ""),
        ("officer", "facilities:opening_hours_edit", {"slug": data["site"].slug}, ""),
        ("officer", "facilities:block_create", {}, ""),
        ("officer", "facilities:statistics", {}, ""),
        ("officer", "events:moderation_queue", {}, ""),
        ("officer", "events:event_decide", {"pk": data["event"].pk}, ""),
        ("officer", "events:feed_list", {}, ""),
        ("officer", "events:feed_create", {}, ""),
        ("officer", "events:evening_create", {}, ""),
        ("officer", "events:evening_edit", {"pk": data["evening"].pk}, ""),
        ("officer", "events:evening_invite", {"pk": data["evening"].pk}, ""),
        ("officer", "events:evening_answers", {"pk": data["evening"].pk}, ""),
        ("officer", "events:evening_minutes", {"pk": data["evening"].pk}, ""),
        ("officer", "cycle:cycle_items", {}, ""),
        ("officer", "cycle:cycle_item_edit", {"pk": data["cycle_item"].pk}, ""),
    ]


def portal_url_names(resolver=None, namespace=""):
    """Every named URL of the portal's own apps (not the admin's or allauth's)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "djdt"} or str(entry.pattern).startswith("accounts/"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from portal_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_the_phone_width_check_visits_every_page_of_the_portal(portal_data):
    visited = {name for _who, name, _kwargs, _query in journeys(portal_data)}
    api_names = {name for name in portal_url_names() if name.split(":")[0].endswith("api")}
    forgotten = set(portal_url_names()) - visited - NOT_PAGES - api_names - {"set_language"}
    assert not forgotten, f"Pages not checked at phone widths: {sorted(forgotten)}"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_on_a_phone(live_server, page, portal_data, width):
    page.set_viewport_size({"width": width, "height": 740})
    users = {None: None, "rep": portal_data["rep"], "officer": portal_data["officer"]}
    too_wide, not_shown, inaccessible = [], [], []
    signed_in = object()
    for who, name, kwargs, query in journeys(portal_data):
        if who is not signed_in:
            sign_in_as(page, live_server, users[who])
            signed_in = who
        url = f"{live_server.url}{reverse(name, kwargs=kwargs)}{query}"
        response = page.goto(url)
        if response is None or not response.ok:
            not_shown.append(f"{url} as {who or 'resident'}: {response and response.status}")
            continue
        if width == min(WIDTHS):
            # The narrowest layout (scroll boxes, sticky columns, cards) keeps to axe's rules.
            try:
                assert_accessible(page)
            except AssertionError as error:
                inaccessible.append(f"as {who or 'resident'}: {error}")
        measured = page.evaluate(WIDEST_OVERFLOW)
        if measured["scrollWidth"] > measured["innerWidth"]:
            widest = measured["widest"] or {}
            too_wide.append(
                f"{url} as {who or 'resident'} is {measured['scrollWidth']} px wide; "
                f"widest: <{widest.get('name')}> reaching {widest.get('right')} px "
                f"({widest.get('text')!r})"
            )
    assert not not_shown, "Pages not shown:\n" + "\n".join(not_shown)
    assert not too_wide, f"Too wide at {width} px:\n" + "\n".join(too_wide)
    assert not inaccessible, f"axe at {width} px:\n" + "\n".join(inaccessible)


def test_the_week_calendar_scrolls_in_its_own_box_and_keeps_the_times_in_view(
    live_server, page, portal_data
):
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(
        f"{live_server.url}/tilat/tila/{portal_data['space'].slug}/?week={portal_data['week']}"
    )
    caption = page.locator("#week-calendar caption").inner_text()
    box = page.get_by_role("region", name=caption)
    box.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: wait for the box to move, up to the default timeout.
    page.wait_for_function("element => element.scrollLeft > 0", arg=box.element_handle())
    box.evaluate("element => { element.scrollLeft = element.scrollWidth; }")

    sunday = page.locator("#week-calendar thead th").last.bounding_box()
    first_time = page.locator("#week-calendar tbody th").first.bounding_box()
    assert sunday["x"] + sunday["width"] <= 320
    assert 0 <= first_time["x"] < sunday["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_register_search_box_is_on_screen_on_a_phone(live_server, page, portal_data):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/yhdistykset/")

    search = page.locator("#id_q").bounding_box()
    assert search["x"] >= 0
    assert search["x"] + search["width"] <= 375
    first_row = page.locator("#register-results tbody tr").first.bounding_box()
    assert first_row["x"] + first_row["width"] <= 375
