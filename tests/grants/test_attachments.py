"""Attachments: typed text survives an upload, and a file is named after its content."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import services
from grants.models import Attachment
from tests.grants.test_views import form_data

pytestmark = pytest.mark.django_db


def test_uploading_an_attachment_saves_the_text_typed_before_it(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    client = client_for(association_rep)
    typed = form_data(application, purpose_and_activities="Kirjoitettu juuri ennen liitettä")

    response = client.post(
        reverse("grants:attachment_upload", args=[application.pk]),
        {**typed, "upload": "", "file": SimpleUploadedFile("budjetti.pdf", pdf_bytes)},
        follow=True,
    )

    application.refresh_from_db()
    assert application.purpose_and_activities == "Kirjoitettu juuri ennen liitettä"
    assert application.attachments.get().original_name == "budjetti.pdf"
    assert "Kirjoitettu juuri ennen liitettä" in response.content.decode()


def test_an_upload_with_a_mistake_in_the_form_keeps_the_typed_text_and_adds_the_file(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    typed = form_data(
        application, purpose_and_activities="Tallentamaton teksti", amount_requested="-1"
    )

    response = client_for(association_rep).post(
        reverse("grants:attachment_upload", args=[application.pk]),
        {**typed, "upload": "", "file": SimpleUploadedFile("budjetti.pdf", pdf_bytes)},
    )

    assert response.status_code == 200
    assert "Tallentamaton teksti" in response.content.decode()
    assert 'id="id_amount_requested_error"' in response.content.decode()
    assert application.attachments.count() == 1
    application.refresh_from_db()
    assert application.purpose_and_activities != "Tallentamaton teksti"


def test_a_refused_file_keeps_the_typed_text_on_the_page(
    client_for, application, association_rep, private_storage
):
    typed = form_data(application, purpose_and_activities="Teksti ennen väärää tiedostoa")

    response = client_for(association_rep).post(
        reverse("grants:attachment_upload", args=[application.pk]),
        {**typed, "upload": "", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\0" * 99)},
    )

    assert 'id="id_file_error"' in response.content.decode()
    assert "Teksti ennen väärää tiedostoa" in response.content.decode()
    application.refresh_from_db()
    assert application.purpose_and_activities == "Teksti ennen väärää tiedostoa"
    assert not Attachment.objects.exists()


def test_removing_an_attachment_from_the_form_saves_the_typed_text_and_then_asks(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    attachment = services.add_attachment(
        application=application, upload=SimpleUploadedFile("a.pdf", pdf_bytes), by=association_rep
    )
    typed = form_data(application, planned_events="Syyskonsertti")

    response = client_for(association_rep).post(
        reverse("grants:application_edit", args=[application.pk]),
        {**typed, "remove_attachment": str(attachment.pk)},
    )

    assert response["Location"] == reverse("grants:attachment_delete", args=[attachment.pk])
    application.refresh_from_db()
    assert application.planned_events == "Syyskonsertti"
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_attachment_fields_are_sent_with_the_application_form(
    client_for, application, association_rep
):
    page = client_for(association_rep).get(
        reverse("grants:application_edit", args=[application.pk])
    )

    html = page.content.decode()
    file_input = re.search(r"<input[^>]*name=\"file\"[^>]*>", html).group(0)
    upload_button = re.search(r"<button[^>]*name=\"upload\"[^>]*>", html).group(0)
    assert 'enctype="multipart/form-data"' in html.split('id="application-form"')[1].split(">")[0]
    assert 'form="application-form"' in file_input
    assert 'form="application-form"' in upload_button


def test_a_pdf_named_html_is_stored_and_served_as_a_pdf(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    client = client_for(association_rep)
    client.post(
        reverse("grants:attachment_upload", args=[application.pk]),
        {"file": SimpleUploadedFile("raportti.html", pdf_bytes, content_type="text/html")},
    )
    attachment = Attachment.objects.get()

    response = client.get(attachment.get_absolute_url())

    assert attachment.original_name == "raportti.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="raportti.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_saved_with_a_misleading_name_downloads_under_its_contents_extension(
    client_for, application, association_rep, private_storage, pdf_bytes
):
    attachment = services.add_attachment(
        application=application,
        upload=SimpleUploadedFile("ohje.pdf", pdf_bytes),
        by=association_rep,
    )
    Attachment.objects.filter(pk=attachment.pk).update(original_name="ohje.html")

    response = client_for(association_rep).get(attachment.get_absolute_url())

    assert 'filename="ohje.pdf"' in response["Content-Disposition"]
