from django.urls import path

from organizations import opendata, views

app_name = "organizations"

urlpatterns = [
    path("", views.association_list, name="association_list"),
    path("uusi/", views.association_register, name="association_register"),
    path("edustuspyynnot/", views.membership_queue, name="membership_queue"),
    path("edustuspyynnot/<int:pk>/hyvaksy/", views.membership_approve, name="membership_approve"),
    path("edustuspyynnot/<int:pk>/hylkaa/", views.membership_reject, name="membership_reject"),
    path("vienti/<str:fmt>/", views.register_export, name="register_export"),
    path("avoin-data/yhdistykset.json", opendata.register_json, name="register_json"),
    path("avoin-data/yhdistykset.csv", opendata.register_csv, name="register_csv"),
    path("<slug:slug>/", views.association_detail, name="association_detail"),
    path("<slug:slug>/muokkaa/", views.association_edit, name="association_edit"),
    path("<slug:slug>/historia/", views.association_history, name="association_history"),
    path("<slug:slug>/vahvista/", views.association_verify, name="association_verify"),
    path("<slug:slug>/edustajaksi/", views.membership_request, name="membership_request"),
    path("<slug:slug>/lopeta-edustus/", views.membership_end, name="membership_end"),
]
