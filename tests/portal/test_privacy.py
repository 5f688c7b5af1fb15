import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from grants.models import GrantApplication
from organizations.models import Association, Membership
from portal import audit, privacy
from portal.access_log import record_access
from portal.models import AuditEvent, ErasureRequest, RoleGrant
from portal.sessions import SessionStore
from tests.facilities.factories import BookingFactory
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.grants.factories import GrantApplicationFactory

pytestmark = pytest.mark.django_db


def en(name: str, *args) -> str:
    """The page's English address, so that tests read the English texts."""
    with translation.override("en"):
        return reverse(name, args=args)


def _export(client) -> dict:
    response = client.get(en("portal:privacy_export_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_person_downloads_everything_the_portal_holds_on_them(
    client_for, association, association_rep, liaison_officer
):
    association.contact_email = association_rep.email
    association.save()
    GrantApplicationFactory(association=association, created_by=association_rep, title="Kevätjuhla")
    BookingFactory(association=association, booked_by=association_rep, purpose="Kuoroharjoitus")
    audit.record(actor=association_rep, action="organizations.profile_updated", target=association)
    record_access(liaison_officer, what="grants.application", people=[association_rep])

    data = _export(client_for(association_rep))

    assert data["account"][0]["email"] == association_rep.email
    assert data["email_addresses"][0]["email"] == association_rep.email
    assert data["memberships"][0]["association__name"] == association.name
    assert data["memberships"][0]["status"] == "Approved"
    assert data["represented_associations"][0]["contact_email"] == association_rep.email
    assert data["grant_applications"][0]["title"] == "Kevätjuhla"
    assert data["bookings"][0]["purpose"] == "Kuoroharjoitus"
    assert data["audit_events"][0]["action"] == "Profile updated"
    assert data["access_log"][0]["what"] == "grants.application"


def test_export_holds_role_grants_and_nothing_of_other_people(client_for, sector_officer):
    other = MembershipFactory()
    GrantApplicationFactory(created_by=other.user, title="Toisen hakemus")

    data = _export(client_for(sector_officer))

    assert data["roles"][0]["role"] == "Sector officer"
    assert data["grant_applications"] == []
    assert data["memberships"] == []
    assert other.user.email not in json.dumps(data)


def test_readable_export_page_shows_the_same_data(client_for, association_rep, association):
    GrantApplicationFactory(association=association, created_by=association_rep, title="Kevätjuhla")

    response = client_for(association_rep).get(en("portal:privacy_export"))

    assert response.status_code == 200
    assert "Kevätjuhla" in response.text
    assert association_rep.email in response.text
    assert en("portal:privacy_export_json") in response.text


def test_export_queries_do_not_grow_with_the_data(client_for, association, association_rep):
    client = client_for(association_rep)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(en("portal:privacy_export_json"))
        return len(queries)

    for _ in range(3):
        BookingFactory(association=association, booked_by=association_rep)
        audit.record(actor=association_rep, action="x.done", target=association)
    few = count()
    for _ in range(30):
        BookingFactory(association=association, booked_by=association_rep)
        audit.record(actor=association_rep, action="x.done", target=association)
        MembershipFactory(user=association_rep, status=Membership.Status.ENDED)

    assert count() == few


def test_dashboard_links_to_the_export_and_the_erasure_request(client_for, plain_user):
    response = client_for(plain_user).get(en("portal:dashboard"))

    assert en("portal:privacy_export") in response.text
    assert en("portal:erasure_request") in response.text


def test_an_app_adds_its_own_collector_without_the_portal_knowing_it(client_for, plain_user):
    privacy.register(
        "test_app",
        collect=lambda user: [
            privacy.Section(key="test_app.things", title="Things", rows=[{"n": user.pk}])
        ],
    )
    try:
        data = _export(client_for(plain_user))
    finally:
        privacy._collectors.pop("test_app")

    assert data["test_app.things"] == [{"n": plain_user.pk}]


# Erasure


def test_confirmation_page_says_what_happens_and_what_is_kept(client_for, plain_user):
    response = client_for(plain_user).get(en("portal:erasure_request"))

    assert response.status_code == 200
    assert "What is kept" in response.text
    assert "cannot be undone" in response.text
    assert not ErasureRequest.objects.exists()


def test_person_asks_to_be_removed_and_the_request_is_audit_logged(client_for, plain_user):
    response = client_for(plain_user).post(
        en("portal:erasure_request"), {"message": "En käytä palvelua."}, follow=True
    )

    erasure_request = ErasureRequest.objects.get()
    assert erasure_request.user == plain_user
    assert erasure_request.status == ErasureRequest.Status.PENDING
    assert "has not decided yet" in response.text
    assert AuditEvent.objects.filter(
        action="portal.erasure_requested", actor=plain_user, target_id=str(erasure_request.pk)
    ).exists()


def test_second_request_while_one_is_pending_is_refused(plain_user):
    privacy.request_erasure(by=plain_user)

    with translation.override("en"), pytest.raises(ValidationError, match="already asked"):
        privacy.request_erasure(by=plain_user)
    assert ErasureRequest.objects.count() == 1


def test_confirmed_erasure_anonymises_the_person_and_keeps_the_records(
    liaison_officer, association, association_rep
):
    email = association_rep.email
    association.contact_name = association_rep.get_full_name()
    association.contact_email = email.upper()
    association.save()
    application = GrantApplicationFactory(association=association, created_by=association_rep)
    booking = BookingFactory(association=association, booked_by=association_rep)
    event = audit.record(actor=association_rep, action="x.done", target=association)
    client = Client()
    client.login(email=email, password=PASSWORD)
    session_key = client.session.session_key
    erasure_request = privacy.request_erasure(by=association_rep)

    privacy.confirm_erasure(erasure_request=erasure_request, by=liaison_officer)

    # Ended in the database and in the cache the sessions are read from.
    assert SessionStore(session_key=session_key).load() == {}

    person = type(association_rep).objects.get(pk=association_rep.pk)
    assert person.email.endswith("@poistettu.invalid")
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Membership.objects.approved().filter(user=person).exists()
    association.refresh_from_db()
    assert (association.contact_name, association.contact_email) == ("", "")
    assert not association.history.filter(contact_email__iexact=email).exists()
    assert GrantApplication.objects.get(pk=application.pk).created_by == person
    booking.refresh_from_db()
    assert booking.booked_by == person
    assert AuditEvent.objects.get(pk=event.pk).actor == person
    assert client.get(en("portal:dashboard")).status_code == 302
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person.pk)
    ]
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.CONFIRMED
    assert erasure_request.decided_by == liaison_officer
    assert AuditEvent.objects.filter(action="portal.erasure_confirmed").exists()
    assert AuditEvent.objects.filter(action="portal.person_anonymised", actor=liaison_officer)


def test_anonymised_person_cannot_log_in_again(liaison_officer, plain_user):
    email = plain_user.email
    privacy.confirm_erasure(
        erasure_request=privacy.request_erasure(by=plain_user), by=liaison_officer
    )

    assert not Client().login(email=email, password=PASSWORD)


def test_erasure_keeps_no_name_in_the_audit_log(liaison_officer, plain_user):
    plain_user.first_name, plain_user.last_name = "Erkki", "Esimerkki"
    plain_user.save()

    privacy.confirm_erasure(
        erasure_request=privacy.request_erasure(by=plain_user), by=liaison_officer
    )

    reprs = " ".join(
        AuditEvent.objects.filter(action__startswith="portal.").values_list(
            "target_repr", flat=True
        )
    )
    assert "Esimerkki" not in reprs


def test_refusal_needs_a_reason_and_changes_nothing(client_for, liaison_officer, plain_user):
    erasure_request = privacy.request_erasure(by=plain_user)
    url = en("portal:erasure_request_decide", erasure_request.pk)

    response = client_for(liaison_officer).post(url, {"decision": "refuse", "reason": " "})

    assert response.status_code == 200
    assert "A refusal needs a reason." in response.text
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.PENDING


def test_officer_refuses_with_a_reason_and_the_person_sees_it(
    client_for, liaison_officer, plain_user
):
    erasure_request = privacy.request_erasure(by=plain_user)
    url = en("portal:erasure_request_decide", erasure_request.pk)

    response = client_for(liaison_officer).post(
        url, {"decision": "refuse", "reason": "Avustuksen käyttöselvitys on kesken."}
    )

    assert response.status_code == 302
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.REFUSED
    plain_user.refresh_from_db()
    assert plain_user.is_active
    assert AuditEvent.objects.filter(action="portal.erasure_refused").exists()
    page = client_for(plain_user).get(en("portal:erasure_request"))
    assert "Avustuksen käyttöselvitys on kesken." in page.text


def test_officer_confirms_in_the_back_office(client_for, liaison_officer, plain_user):
    erasure_request = privacy.request_erasure(by=plain_user)
    client = client_for(liaison_officer)

    listing = client.get(en("portal:erasure_request_list"))
    response = client.post(
        en("portal:erasure_request_decide", erasure_request.pk),
        {"decision": "confirm"},
    )

    assert plain_user.email in listing.text
    assert response.status_code == 302
    plain_user.refresh_from_db()
    assert not plain_user.is_active


def test_officers_dashboard_links_to_waiting_erasure_requests(
    client_for, liaison_officer, plain_user
):
    privacy.request_erasure(by=plain_user)

    response = client_for(liaison_officer).get(en("portal:dashboard"))

    assert en("portal:erasure_request_list") in response.text
    assert "(1 waiting)" in response.text


def test_officer_cannot_decide_their_own_request(client_for, liaison_officer):
    erasure_request = privacy.request_erasure(by=liaison_officer)

    response = client_for(liaison_officer).post(
        en("portal:erasure_request_decide", erasure_request.pk),
        {"decision": "confirm"},
    )

    assert response.status_code == 403
    liaison_officer.refresh_from_db()
    assert liaison_officer.is_active


def test_decided_request_cannot_be_decided_again(liaison_officer, plain_user):
    erasure_request = privacy.request_erasure(by=plain_user)
    privacy.refuse_erasure(erasure_request=erasure_request, by=liaison_officer, reason="Ei.")

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="already been decided"),
    ):
        privacy.confirm_erasure(erasure_request=erasure_request, by=liaison_officer)
    plain_user.refresh_from_db()
    assert plain_user.is_active


@pytest.fixture
def waiting_request(db):
    return privacy.request_erasure(by=UserFactory(email="poistettava@example.fi"))


@pytest.mark.parametrize(
    ("who", "url_name", "status"),
    [
        (None, "privacy_export", 302),
        (None, "privacy_export_json", 302),
        (None, "erasure_request", 302),
        (None, "erasure_request_list", 302),
        (None, "erasure_request_decide", 302),
        ("plain_user", "erasure_request_list", 403),
        ("plain_user", "erasure_request_decide", 403),
        ("association_rep", "erasure_request_list", 403),
        ("association_rep", "erasure_request_decide", 403),
        ("sector_officer", "erasure_request_list", 403),
        ("sector_officer", "erasure_request_decide", 403),
        ("council_member", "erasure_request_decide", 403),
        ("liaison_officer", "erasure_request_list", 200),
        ("liaison_officer", "erasure_request_decide", 200),
        ("plain_user", "privacy_export", 200),
        ("plain_user", "erasure_request", 200),
    ],
)
def test_who_may_open_the_privacy_pages(
    request, client_for, waiting_request, who, url_name, status
):
    user = request.getfixturevalue(who) if who else None
    args = [waiting_request.pk] if url_name == "erasure_request_decide" else []

    response = client_for(user).get(reverse(f"portal:{url_name}", args=args))

    assert response.status_code == status


def test_another_person_cannot_decide_or_see_a_request(client_for, other_association_rep):
    erasure_request = privacy.request_erasure(by=UserFactory())

    response = client_for(other_association_rep).post(
        en("portal:erasure_request_decide", erasure_request.pk),
        {"decision": "confirm"},
    )

    assert response.status_code == 403
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.PENDING


def test_sector_officer_cannot_confirm_an_erasure(client_for, sector_officer, plain_user):
    erasure_request = privacy.request_erasure(by=plain_user)

    response = client_for(sector_officer).post(
        en("portal:erasure_request_decide", erasure_request.pk),
        {"decision": "confirm"},
    )

    assert response.status_code == 403
    plain_user.refresh_from_db()
    assert plain_user.is_active


def test_officer_role_is_removed_on_erasure(liaison_officer, sector_officer):
    privacy.confirm_erasure(
        erasure_request=privacy.request_erasure(by=sector_officer), by=liaison_officer
    )

    assert not RoleGrant.objects.filter(user=sector_officer).exists()


def test_erasure_queue_lists_many_requests_in_constant_queries(client_for, liaison_officer):
    client = client_for(liaison_officer)
    for _ in range(3):
        privacy.request_erasure(by=UserFactory())
    with CaptureQueriesContext(connection) as few:
        client.get(en("portal:erasure_request_list"))
    for _ in range(27):
        privacy.request_erasure(by=UserFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(en("portal:erasure_request_list"))

    assert len(many) == len(few)


def test_association_membership_is_ended_not_deleted(liaison_officer, association_rep):
    membership = Membership.objects.get(user=association_rep)

    privacy.confirm_erasure(
        erasure_request=privacy.request_erasure(by=association_rep), by=liaison_officer
    )

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert Association.objects.filter(pk=membership.association_id).exists()
