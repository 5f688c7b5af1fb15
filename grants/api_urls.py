from rest_framework.routers import SimpleRouter

from grants.api import AwardedGrantViewSet

app_name = "grants_api"

router = SimpleRouter()
router.register("grants", AwardedGrantViewSet, basename="grant")

urlpatterns = router.urls
