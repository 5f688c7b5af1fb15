from wellbeing import urls_followup, urls_rounds

app_name = "wellbeing"
# The input rounds and the yearly follow-up each keep their own routes.
urlpatterns = [*urls_rounds.urlpatterns, *urls_followup.urlpatterns]
