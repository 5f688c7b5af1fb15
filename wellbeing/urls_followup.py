from django.urls import path

from wellbeing.views import followup

# Included in wellbeing.urls (app_name "wellbeing") under /hyvinvointi/.
urlpatterns = [
    path("seuranta/", followup.followup_overview, name="followup_overview"),
    path("seuranta/hallinta/", followup.followup_manage, name="followup_manage"),
    path("itsearviointi/uusi/", followup.assessment_create, name="assessment_create"),
    path("itsearviointi/<int:year>/", followup.assessment_detail, name="assessment_detail"),
    path("itsearviointi/<int:year>/muokkaa/", followup.assessment_edit, name="assessment_edit"),
    path("itsearviointi/<int:year>/toimenpide/", followup.action_create, name="action_create"),
    path("toimenpiteet/", followup.action_list, name="action_list"),
    path("toimenpiteet/<int:pk>/", followup.action_edit, name="action_edit"),
    path("merkit/<int:year>/<int:mark>/", followup.mark_figure_edit, name="mark_figure_edit"),
    path("kysely/tulokset/", followup.survey_results, name="survey_results"),
    path("kysely/<int:year>/tulokset/", followup.survey_results, name="survey_results"),
    path("kysely/<int:year>/tulokset.<str:fmt>", followup.survey_export, name="survey_export"),
    path(
        "kysely/<int:year>/vertailu.<str:fmt>",
        followup.survey_regional_export,
        name="survey_regional_export",
    ),
    path("kysely/uusi/", followup.survey_create, name="survey_create"),
    path("kysely/<int:year>/", followup.survey_manage, name="survey_manage"),
    path("kysely/<int:year>/muokkaa/", followup.survey_edit, name="survey_edit"),
    path("kysely/<int:year>/kysymys/", followup.question_create, name="question_create"),
    path("kysely/kysymys/<int:pk>/poista/", followup.question_delete, name="question_delete"),
    path("kysely/<int:year>/vastaukset/", followup.survey_responses, name="survey_responses"),
    path(
        "kysely/vastaus/<int:pk>/", followup.survey_response_detail, name="survey_response_detail"
    ),
    path("kysely/<int:year>/vastaa/<slug:slug>/", followup.survey_answer, name="survey_answer"),
]
