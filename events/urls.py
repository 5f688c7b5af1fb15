from django.urls import path

from events.views import manage, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="event_list"),
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
]
