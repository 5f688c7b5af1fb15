from django.urls import path

from events.views import evenings, feeds, manage, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="event_list"),
    path("viikko/", public.event_week, name="event_week"),
    path("kuukausi/", public.event_month, name="event_month"),
    path("kalenteri.ics", public.calendar_ics, name="calendar_ics"),
    path("yhdistys/<slug:slug>.ics", public.association_ics, name="association_ics"),
    path("<int:pk>/", public.event_detail, name="event_detail"),
    path("omat/", manage.my_events, name="my_events"),
    path("uusi/", manage.event_create, name="event_create"),
    path("<int:pk>/muokkaa/", manage.event_edit, name="event_edit"),
    path("<int:pk>/peru/", manage.event_cancel, name="event_cancel"),
    path("moderointi/", manage.moderation_queue, name="moderation_queue"),
    path("<int:pk>/moderoi/", manage.event_decide, name="event_decide"),
    path("naapurikalenterit/", feeds.feed_list, name="feed_list"),
    path("naapurikalenterit/uusi/", feeds.feed_create, name="feed_create"),
    path("naapurikalenterit/<int:pk>/", feeds.feed_edit, name="feed_edit"),
    path("naapurikalenterit/<int:pk>/tuo/", feeds.feed_import, name="feed_import"),
    path("naapurikalenterit/<int:pk>/poista/", feeds.feed_delete, name="feed_delete"),
    path("yhdistysillat/", evenings.evening_list, name="evening_list"),
    path("yhdistysillat/uusi/", evenings.evening_create, name="evening_create"),
    path("yhdistysillat/<int:pk>/", evenings.evening_detail, name="evening_detail"),
    path("yhdistysillat/<int:pk>/muokkaa/", evenings.evening_edit, name="evening_edit"),
    path("yhdistysillat/<int:pk>/kutsu/", evenings.evening_invite, name="evening_invite"),
    path("yhdistysillat/<int:pk>/vastaukset/", evenings.evening_answers, name="evening_answers"),
    path(
        "yhdistysillat/<int:pk>/vastaukset.<str:fmt>",
        evenings.evening_export,
        name="evening_export",
    ),
    path("yhdistysillat/<int:pk>/poytakirja/", evenings.evening_minutes, name="evening_minutes"),
    path("yhdistysillat/kutsut/<int:pk>/", evenings.invitation_answer, name="invitation_answer"),
]
