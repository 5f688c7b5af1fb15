from django.urls import path

from grants import views
from grants.views import agents, public

app_name = "grants"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("avoin-data/avustukset.json", views.opendata_json, name="opendata_json"),
    path("avoin-data/avustukset.csv", views.opendata_csv, name="opendata_csv"),
    path("luvut/", views.figures, name="figures"),
    path("myonnetyt/", public.awarded_list, name="awarded_list"),
    path("myonnetyt/<int:pk>/", public.awarded_detail, name="awarded_detail"),
    path("haut/uusi/", views.round_edit, name="round_create"),
    path("haut/<int:pk>/", views.round_detail, name="round_detail"),
    path("haut/<int:pk>/muokkaa/", views.round_edit, name="round_edit"),
    path("haut/<int:pk>/hae/", views.application_create, name="application_create"),
    path("haut/<int:pk>/hakemukset/", views.round_review, name="round_review"),
    path("haut/<int:pk>/maksut.csv", views.payment_export, name="payment_export"),
    path("hakemukset/<int:pk>/", views.application_detail, name="application_detail"),
    path("hakemukset/<int:pk>/muokkaa/", views.application_edit, name="application_edit"),
    path("hakemukset/<int:pk>/laheta/", views.application_submit, name="application_submit"),
    path("hakemukset/<int:pk>/peru/", views.application_withdraw, name="application_withdraw"),
    path("hakemukset/<int:pk>/liitteet/", views.attachment_upload, name="attachment_upload"),
    path(
        "hakemukset/<int:pk>/esteellisyys/",
        views.disqualification_declare,
        name="disqualification_declare",
    ),
    path("hakemukset/<int:pk>/arviointi/", views.score_edit, name="score_edit"),
    path("hakemukset/<int:pk>/paatos/", views.decision_edit, name="decision_edit"),
    path("hakemukset/<int:pk>/paatoskirje.pdf", views.decision_letter, name="decision_letter"),
    path("hakemukset/<int:pk>/kieltaydy/", views.application_decline, name="application_decline"),
    path("hakemukset/<int:pk>/kayttoselvitys/", views.use_report_edit, name="use_report_edit"),
    path(
        "hakemukset/<int:pk>/kayttoselvitys/tarkasta/",
        views.use_report_review,
        name="use_report_review",
    ),
    path("liitteet/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("liitteet/<int:pk>/poista/", views.attachment_delete, name="attachment_delete"),
    path("maksut/<int:pk>/maksettu/", views.payment_mark_paid, name="payment_mark_paid"),
    path("agentit/", agents.agent_work, name="agent_work"),
    path(
        "yhdistys/<int:pk>/agentit/",
        agents.agent_invitations,
        name="agent_invitations",
    ),
    path(
        "agenttikutsut/<int:pk>/peru/",
        agents.agent_invitation_withdraw,
        name="agent_invitation_withdraw",
    ),
]
