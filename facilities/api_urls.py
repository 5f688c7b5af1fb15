from rest_framework.routers import SimpleRouter

from facilities.api import SpaceViewSet

app_name = "facilities_api"

router = SimpleRouter()
router.register("spaces", SpaceViewSet, basename="space")

urlpatterns = router.urls
