from django.urls import path

from volunteering.views import manage, public, sharing

app_name = "volunteering"

urlpatterns = [
    path("vapaaehtoistyo/", public.task_list, name="task_list"),
    path("vapaaehtoistyo/<int:pk>/", public.task_detail, name="task_detail"),
    path("vapaaehtoistyo/<int:pk>/vastaa/", public.task_answer, name="task_answer"),
    path("vapaaehtoistyo/vastaus/<uuid:token>/", public.answer_status, name="answer_status"),
    path("vapaaehtoistyo/omat/", manage.my_tasks, name="my_tasks"),
    path("vapaaehtoistyo/uusi/", manage.task_create, name="task_create"),
    path("vapaaehtoistyo/<int:pk>/muokkaa/", manage.task_edit, name="task_edit"),
    path("vapaaehtoistyo/<int:pk>/sulje/", manage.task_close, name="task_close"),
    path("vapaaehtoistyo/<int:pk>/vastaukset/", manage.task_answers, name="task_answers"),
    path("vapaaehtoistyo/vastaukset/<int:pk>/", manage.answer_decide, name="answer_decide"),
    path("jaettavaa/", public.offer_list, name="offer_list"),
    path("jaettavaa/<int:pk>/", public.offer_detail, name="offer_detail"),
    path("jaettavaa/<int:pk>/pyyda/", sharing.offer_request, name="offer_request"),
    path("jaettavaa/omat/", sharing.my_sharing, name="my_sharing"),
    path("jaettavaa/uusi/", sharing.offer_create, name="offer_create"),
    path("jaettavaa/<int:pk>/muokkaa/", sharing.offer_edit, name="offer_edit"),
    path("jaettavaa/pyynnot/<int:pk>/", sharing.request_detail, name="request_detail"),
    path("jaettavaa/luvut/", sharing.sharing_figures, name="figures"),
]
