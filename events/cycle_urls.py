from django.urls import path

from events.views import cycle

app_name = "cycle"

urlpatterns = [
    path("", cycle.cycle_year, name="cycle_year"),
    path("vuosikello.ics", cycle.cycle_ics, name="cycle_ics"),
    path("hallinta/", cycle.cycle_items, name="cycle_items"),
    path("hallinta/<int:pk>/", cycle.cycle_item_edit, name="cycle_item_edit"),
    path("hallinta/<int:pk>/poista/", cycle.cycle_item_delete, name="cycle_item_delete"),
]
