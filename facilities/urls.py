from django.urls import path

from facilities.views import booking, officer, public

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
    path("tilastot/", officer.statistics, name="statistics"),
    path("tilastot.csv", officer.statistics_csv, name="statistics_csv"),
]
