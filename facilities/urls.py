from django.urls import path

from facilities.views import booking, leases, officer, public, utilisation
from facilities.views import seasons as season

app_name = "facilities"

urlpatterns = [
    path("", public.space_list, name="space_list"),
    path("tila/<slug:slug>/", public.space_detail, name="space_detail"),
    path("tila/<slug:slug>/kalenteri.ics", public.space_ical, name="space_ical"),
    path("tila/<slug:slug>/varaa/", booking.booking_create, name="booking_create"),
    path("tila/<slug:slug>/sarja/", booking.series_create, name="series_create"),
    path("varaukset/", booking.booking_list, name="booking_list"),
    path("varaukset/<int:pk>/", booking.booking_detail, name="booking_detail"),
    path("varaukset/<int:pk>/peru/", booking.booking_cancel, name="booking_cancel"),
    path("varaukset/<int:pk>/paatos/", booking.booking_decide, name="booking_decide"),
    path(
        "varaukset/<int:pk>/osallistujat/",
        booking.booking_participants,
        name="booking_participants",
    ),
    path("sarjat/<int:pk>/", booking.series_detail, name="series_detail"),
    path("sarjat/<int:pk>/peru/", booking.series_cancel, name="series_cancel"),
    path("sarjat/<int:pk>/paatos/", booking.series_decide, name="series_decide"),
    path(
        "kalenterit/<int:association_pk>/uusi/",
        booking.calendar_feed_create,
        name="calendar_feed_create",
    ),
    path("kalenteri/<slug:token>.ics", booking.association_ical, name="association_ical"),
    path("tila/<slug:slug>/saannot/", officer.rules_edit, name="rules_edit"),
    path("kohde/<slug:slug>/aukioloajat/", officer.opening_hours_edit, name="opening_hours_edit"),
    path("jono/", officer.officer_queue, name="officer_queue"),
    path("aikataulu/", officer.officer_schedule, name="officer_schedule"),
    path("estot/uusi/", officer.block_create, name="block_create"),
    path("estot/<int:pk>/poista/", officer.block_delete, name="block_delete"),
    path("pitkaaikainen-kaytto/", leases.lease_list, name="lease_list"),
    path("pitkaaikainen-kaytto/uusi/", leases.lease_create, name="lease_create"),
    path("pitkaaikainen-kaytto/<int:pk>/", leases.lease_detail, name="lease_detail"),
    path("pitkaaikainen-kaytto/<int:pk>/muuta/", leases.lease_edit, name="lease_edit"),
    path("pitkaaikainen-kaytto/<int:pk>/jatka/", leases.lease_renew, name="lease_renew"),
    path("pitkaaikainen-kaytto/<int:pk>/paata/", leases.lease_end, name="lease_end"),
    path("tilastot/", officer.statistics, name="statistics"),
    path("tilastot/kayttoaste/", utilisation.utilisation_view, name="utilisation"),
    path("tilastot/kayttoaste/lataa/", utilisation.utilisation_export, name="utilisation_export"),
    path("tilastot.csv", officer.statistics_csv, name="statistics_csv"),
    # Seasonal rounds (kausivaraus)
    path("kausivaraus/", season.season_round_list, name="season_round_list"),
    path("kausivaraus/uusi/", season.season_round_create, name="season_round_create"),
    path("kausivaraus/<int:pk>/", season.season_round_detail, name="season_round_detail"),
    path("kausivaraus/<int:pk>/muokkaa/", season.season_round_edit, name="season_round_edit"),
    path("kausivaraus/<int:pk>/avaa/", season.season_round_open, name="season_round_open"),
    path("kausivaraus/<int:pk>/jako/", season.season_allocation, name="season_allocation"),
    path("kausivaraus/<int:pk>/ehdotus/", season.season_round_propose, name="season_round_propose"),
    path(
        "kausivaraus/<int:pk>/julkaise/", season.season_round_publish, name="season_round_publish"
    ),
    path(
        "kausivaraus/<int:pk>/hae/",
        season.season_application_create,
        name="season_application_create",
    ),
    path(
        "kausivaraus/hakemus/<int:pk>/",
        season.season_application_detail,
        name="season_application_detail",
    ),
    path(
        "kausivaraus/hakemus/<int:pk>/muokkaa/",
        season.season_application_edit,
        name="season_application_edit",
    ),
    path(
        "kausivaraus/hakemus/<int:pk>/laheta/",
        season.season_application_submit,
        name="season_application_submit",
    ),
    path(
        "kausivaraus/hakemus/<int:pk>/luovu/",
        season.season_application_give_up,
        name="season_application_give_up",
    ),
    path(
        "kausivaraus/hakemus/<int:pk>/ryhma/", season.season_need_create, name="season_need_create"
    ),
    path("kausivaraus/ryhma/<int:pk>/", season.season_need_edit, name="season_need_edit"),
    path(
        "kausivaraus/ryhma/<int:pk>/poista/", season.season_need_delete, name="season_need_delete"
    ),
    path("kausivaraus/vuoro/<int:pk>/", season.season_turn_edit, name="season_turn_edit"),
    path(
        "kausivaraus/vuoro/<int:pk>/poista/", season.season_turn_delete, name="season_turn_delete"
    ),
    path(
        "kausivaraus/vuoro/<int:pk>/luovu/", season.season_turn_give_up, name="season_turn_give_up"
    ),
]
