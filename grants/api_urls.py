app_name = "grants_api"

urlpatterns: list = []
