from django.urls import path

from organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.association_list, name="association_list"),
    path("<slug:slug>/", views.association_detail, name="association_detail"),
]
