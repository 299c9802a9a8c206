from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("aanmelden/<slug:slug>/", views.join, name="join"),
]
