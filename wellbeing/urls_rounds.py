from django.urls import path

from wellbeing.views import public, rounds

# Included in wellbeing.urls (app_name "wellbeing") under /hyvinvointi/.
urlpatterns = [
    path("", public.index, name="index"),
    path("kierrokset/", rounds.round_list, name="round_list"),
    path("kierrokset/uusi/", rounds.round_create, name="round_create"),
    path("kierrokset/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("kierrokset/<int:pk>/muokkaa/", rounds.round_edit, name="round_edit"),
    path("kierrokset/<int:pk>/avaa/", rounds.round_open, name="round_open"),
    path("kierrokset/<int:pk>/sulje/", rounds.round_close, name="round_close"),
    path("kierrokset/<int:pk>/julkaise/", rounds.round_publish, name="round_publish"),
    path("kierrokset/<int:pk>/yhteenveto/", public.round_summary, name="round_summary"),
    path("kierrokset/<int:pk>/vastaukset.<str:fmt>", rounds.round_export, name="round_export"),
    path(
        "kierrokset/<int:pk>/vastaus/<int:association_pk>/",
        rounds.answer_edit,
        name="answer_edit",
    ),
    path("vastaukset/<int:pk>/", rounds.answer_detail, name="answer_detail"),
    path("vastaukset/<int:pk>/laheta/", rounds.answer_submit, name="answer_submit"),
    path("vastaukset/<int:pk>/palauta/", rounds.answer_reopen, name="answer_reopen"),
    path("vastaukset/<int:pk>/lainaus/", rounds.quotation_create, name="quotation_create"),
    path("lainaukset/<int:pk>/", rounds.quotation_edit, name="quotation_edit"),
    path("lainaukset/<int:pk>/poista/", rounds.quotation_delete, name="quotation_delete"),
]
