from rest_framework.routers import SimpleRouter

from organizations.api import AssociationViewSet

app_name = "api"

router = SimpleRouter()
router.register("associations", AssociationViewSet, basename="association")

urlpatterns = router.urls
