"""Request tests of the representation flow, the profile form, history and export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from organizations.models import Association, Membership
from organizations.services import pending_with_duplicates
from portal.models import AuditEvent
from tests.factories import with_totp
from tests.organizations.factories import AssociationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def profile_data(association, **changes):
    data = {
        "name": association.name,
        "business_id": association.business_id,
        "register_number": association.register_number,
        "domicile": association.domicile,
        "purpose_fi": association.purpose_fi or "",
        "purpose_sv": association.purpose_sv or "",
        "purpose_en": association.purpose_en or "",
        "public_email": association.public_email,
        "contact_name": association.contact_name,
        "contact_email": association.contact_email,
        "contact_phone": association.contact_phone,
    }
    data.update(changes)
    return data


def test_user_asks_to_represent_an_association(client_for, plain_user, association):
    url = reverse("organizations:membership_request", args=[association.slug])

    response = client_for(plain_user).post(url, {"role": "secretary", "message": "Sihteeri."})

    assert response.status_code == 302
    membership = Membership.objects.get(user=plain_user)
    assert membership.status == Membership.Status.PENDING
    assert membership.role == "secretary"


def test_asking_again_shows_a_message_and_changes_nothing(client_for, association_rep, association):
    url = reverse("organizations:membership_request", args=[association.slug])

    response = client_for(association_rep).post(url, {"role": "chair"})

    assert response.status_code == 200
    assert "You already represent this association" in response.content.decode()
    assert Membership.objects.filter(user=association_rep).count() == 1


def test_asking_with_an_unknown_role_shows_an_error(client_for, plain_user, association):
    url = reverse("organizations:membership_request", args=[association.slug])

    response = client_for(plain_user).post(url, {"role": "king"})

    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not Membership.objects.filter(user=plain_user).exists()


def test_anonymous_visitor_is_sent_to_log_in_before_asking(resident, association):
    url = reverse("organizations:membership_request", args=[association.slug])

    response = resident.get(url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_registers_a_new_association(client_for, plain_user):
    response = client_for(plain_user).post(
        reverse("organizations:association_register"),
        {"name": "Kylän Kuoro ry", "role": "chair", "business_id": " 1234567-1 "},
    )

    assert response.status_code == 302
    association = Association.objects.get()
    assert association.business_id == "1234567-1"
    assert not association.is_listed
    assert Membership.objects.get().user == plain_user


def test_registering_with_a_taken_business_id_shows_an_error(client_for, plain_user, association):
    association.business_id = "1234567-1"
    association.save()

    response = client_for(plain_user).post(
        reverse("organizations:association_register"),
        {"name": "Kopio ry", "role": "chair", "business_id": "1234567-1"},
    )

    assert response.status_code == 200
    assert "already in the register" in response.content.decode()
    assert Association.objects.count() == 1


def test_officer_sees_the_queue_and_approves(
    client_for, liaison_officer, association, mailoutbox, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(association=association, pending=True)
    officer = client_for(liaison_officer)

    queue = officer.get(reverse("organizations:membership_queue"))
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("organizations:membership_approve", args=[pending.pk]))

    assert pending.user.email in queue.content.decode()
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.APPROVED
    assert len(mailoutbox) == 1


def test_officer_rejects_with_a_reason(
    client_for, liaison_officer, association, mailoutbox, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(association=association, pending=True)
    url = reverse("organizations:membership_reject", args=[pending.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(liaison_officer).post(url, {"reason": "Ei hallituksen jäsen."})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.REJECTED
    assert pending.decision_reason == "Ei hallituksen jäsen."
    assert "Ei hallituksen jäsen." in mailoutbox[0].body


def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(
    client_for, liaison_officer, association, mailoutbox
):
    pending = MembershipFactory(association=association, pending=True)
    url = reverse("organizations:membership_reject", args=[pending.pk])

    response = client_for(liaison_officer).post(url, {"reason": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING
    assert mailoutbox == []


def test_deciding_an_already_decided_request_is_not_found(client_for, liaison_officer, association):
    decided = MembershipFactory(association=association)

    response = client_for(liaison_officer).post(
        reverse("organizations:membership_approve", args=[decided.pk])
    )

    assert response.status_code == 404


def test_rep_saves_the_profile(client_for, association_rep, association):
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(
        url, profile_data(association, purpose_fi="Uusi tarkoitus.", languages=["fi", "sv"])
    )

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.purpose_fi == "Uusi tarkoitus."
    assert association.languages == ["fi", "sv"]
    assert AuditEvent.objects.filter(action="organizations.profile_updated").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("business_id", "1234567-8", "is not a valid business ID"),
        ("register_number", "12345", "Write the register number as 123.456."),
        ("website", "not a url", "Enter a valid URL."),
        ("founded_year", "1700", "Give a founding year between 1800"),
        ("founded_year", "2999", "Give a founding year between 1800"),
        ("public_email", "no-at-sign", "Enter a valid email address."),
        ("name", "", "This field is required."),
    ],
)
def test_profile_form_explains_bad_values_and_saves_nothing(
    client_for, association_rep, association, field, value, message
):
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(url, profile_data(association, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Association.objects.get(pk=association.pk).name == "Esimerkkilän Urheiluseura ry"
    assert not AuditEvent.objects.exists()


def test_profile_form_refuses_a_business_id_of_another_association(
    client_for, association_rep, association
):
    AssociationFactory(business_id="1234567-1")
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(
        url, profile_data(association, business_id="1234567-1")
    )

    assert response.status_code == 200
    assert "An association with this business ID is registered." in response.content.decode()


def test_profile_form_accepts_a_png_logo(client_for, association_rep, association, private_storage):
    url = reverse("organizations:association_edit", args=[association.slug])
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")

    response = client_for(association_rep).post(url, {**profile_data(association), "logo": logo})

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.logo.name.startswith("logos/")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a but not really an image", "must be a PNG, JPEG, GIF or WebP image"),
        (b"%PDF-1.4 fake", "must be a PNG, JPEG, GIF or WebP image"),
    ],
)
def test_profile_form_refuses_a_logo_that_is_not_an_image(
    client_for, association_rep, association, private_storage, content, message
):
    url = reverse("organizations:association_edit", args=[association.slug])
    logo = SimpleUploadedFile("logo.png", content, content_type="image/png")

    response = client_for(association_rep).post(url, {**profile_data(association), "logo": logo})

    assert response.status_code == 200
    assert "image" in response.content.decode()
    association.refresh_from_db()
    assert not association.logo


def test_profile_form_refuses_a_logo_over_2_mb(
    client_for, association_rep, association, private_storage
):
    url = reverse("organizations:association_edit", args=[association.slug])
    big = png_bytes() + b"\0" * (2 * 1024 * 1024)
    logo = SimpleUploadedFile("logo.png", big, content_type="image/png")

    response = client_for(association_rep).post(url, {**profile_data(association), "logo": logo})

    assert response.status_code == 200
    assert "The logo may be at most 2 MB." in response.content.decode()


def test_officer_sees_what_changed_in_the_history(client_for, liaison_officer, association_rep):
    association = Association.objects.get()
    edit = reverse("organizations:association_edit", args=[association.slug])
    client_for(association_rep).post(edit, profile_data(association, purpose_fi="Uusi tarkoitus."))

    response = client_for(liaison_officer).get(
        reverse("organizations:association_history", args=[association.slug])
    )

    content = response.content.decode()
    assert "Uusi tarkoitus." in content
    assert str(association_rep) in content


def test_officer_verifies_an_association(client_for, liaison_officer):
    association = AssociationFactory(unverified=True)

    response = client_for(liaison_officer).post(
        reverse("organizations:association_verify", args=[association.slug])
    )

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.is_verified
    assert association.verified_by == liaison_officer


def test_csv_export_has_private_contacts(client_for, liaison_officer, association):
    response = client_for(liaison_officer).get(
        reverse("organizations:register_export", args=["csv"])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Name"
    assert rows[1][0] == association.name
    assert association.contact_email in rows[1]
    assert AuditEvent.objects.filter(action="organizations.register_exported").exists()


def test_xlsx_export_has_private_contacts(client_for, liaison_officer, association):
    response = client_for(liaison_officer).get(
        reverse("organizations:register_export", args=["xlsx"])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == association.name
    assert association.contact_email in rows[1]


def test_export_neutralises_spreadsheet_formulas(client_for, liaison_officer):
    AssociationFactory(name="=HYPERLINK(1)")

    response = client_for(liaison_officer).get(
        reverse("organizations:register_export", args=["csv"])
    )

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_dashboard_shows_the_officer_the_number_of_waiting_requests(
    client_for, liaison_officer, association
):
    MembershipFactory.create_batch(2, association=association, pending=True)

    response = client_for(liaison_officer).get(reverse("portal:dashboard"))

    assert "(2 waiting)" in response.content.decode()


def test_representative_stops_representing_the_association(
    client_for, association_rep, association
):
    url = reverse("organizations:membership_end", args=[association.slug])

    response = client_for(association_rep).post(url)

    assert response.status_code == 302
    assert Membership.objects.get(user=association_rep).status == Membership.Status.ENDED
    assert AuditEvent.objects.filter(action="organizations.membership_ended").exists()


def test_only_a_representative_can_stop_representing(client_for, plain_user, association):
    url = reverse("organizations:membership_end", args=[association.slug])

    response = client_for(plain_user).post(url)

    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("name", "Uusi Nimi ry"), ("business_id", "2345678-0")]
)
def test_a_representatives_change_of_name_or_business_id_clears_the_verified_mark(
    client_for, association_rep, association, liaison_officer, field, value
):
    association.is_verified = True
    association.verified_by = liaison_officer
    association.save()
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(url, profile_data(association, **{field: value}))

    assert response.status_code == 302
    association.refresh_from_db()
    assert not association.is_verified
    assert association.verified_by is None
    event = AuditEvent.objects.get(action="organizations.verification_withdrawn")
    assert event.actor == association_rep


def test_a_representatives_other_changes_keep_the_verified_mark(
    client_for, association_rep, association, liaison_officer
):
    association.is_verified = True
    association.verified_by = liaison_officer
    association.save()
    url = reverse("organizations:association_edit", args=[association.slug])

    client_for(association_rep).post(url, profile_data(association, purpose_fi="Uusi tarkoitus."))

    association.refresh_from_db()
    assert association.is_verified


def test_registering_a_name_like_a_listed_one_warns_and_keeps_what_was_typed(
    client_for, plain_user
):
    AssociationFactory(name="Kylän Kuoro ry")
    data = {
        "name": "Kylan kuoro r.y.",
        "role": "chair",
        "domicile": "Esimerkkilä",
        "purpose": "Laulamme yhdessä.",
    }

    response = client_for(plain_user).post(reverse("organizations:association_register"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="likely-duplicates"' in page
    assert "Kylän Kuoro ry" in page
    assert "Laulamme yhdessä." in page
    assert 'value="Esimerkkilä"' in page
    assert Association.objects.count() == 1


def test_a_person_may_register_a_similarly_named_association_after_the_warning(
    client_for, plain_user
):
    AssociationFactory(name="Kylän Kuoro ry")

    response = client_for(plain_user).post(
        reverse("organizations:association_register"),
        {"name": "Kylän Kuoro", "role": "chair", "is_different_association": "on"},
    )

    assert response.status_code == 302
    assert Association.objects.filter(name="Kylän Kuoro", is_listed=False).exists()


def test_a_name_unlike_any_listed_one_registers_without_a_warning(client_for, plain_user):
    AssociationFactory(name="Kylän Kuoro ry")

    response = client_for(plain_user).post(
        reverse("organizations:association_register"),
        {"name": "Metsästysseura Hirvi ry", "role": "chair"},
    )

    assert response.status_code == 302


def test_the_officer_sees_a_new_associations_likely_duplicate_in_the_request_queue(
    django_assert_num_queries,
):
    listed = AssociationFactory(name="Kylän Kuoro ry")
    MembershipFactory(
        pending=True, association=AssociationFactory(name="Kylan kuoro", is_listed=False)
    )
    MembershipFactory(
        pending=True, association=AssociationFactory(name="Hirvi ry", is_listed=False)
    )
    MembershipFactory(pending=True, association=listed)

    with django_assert_num_queries(2):
        rows = pending_with_duplicates(Membership.objects.pending().select_related("association"))

    duplicates = {row.association.name: row.association.likely_duplicates for row in rows}
    assert duplicates == {"Kylan kuoro": [listed], "Hirvi ry": [], "Kylän Kuoro ry": []}


def test_the_request_queue_page_links_a_new_association_to_its_likely_duplicate(
    client_for, liaison_officer
):
    listed = AssociationFactory(name="Kylän Kuoro ry")
    MembershipFactory(
        pending=True, association=AssociationFactory(name="Kylan kuoro", is_listed=False)
    )

    page = client_for(liaison_officer).get(reverse("organizations:membership_queue"))

    assert f'href="{listed.get_absolute_url()}">{listed.name}</a>' in page.content.decode()


def test_a_rejected_registration_leaves_the_admins_default_association_list(client_for):
    admin = with_totp(UserFactory(is_staff=True, is_superuser=True))
    AssociationFactory(name="Listattu ry")
    MembershipFactory(
        status=Membership.Status.REJECTED,
        decision_reason="Ei yhdistys",
        association=AssociationFactory(name="Hylätty ry", is_listed=False),
    )
    MembershipFactory(
        pending=True, association=AssociationFactory(name="Odottava ry", is_listed=False)
    )
    url = reverse("admin:organizations_association_changelist")

    default = client_for(admin).get(url).content.decode()
    unlisted = client_for(admin).get(url, {"register": "unlisted"}).content.decode()

    assert "Listattu ry" in default
    assert "Odottava ry" in default
    assert "Hylätty ry" not in default
    assert "Hylätty ry" in unlisted
    assert "Listattu ry" not in unlisted
