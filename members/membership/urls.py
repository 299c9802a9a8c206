from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("aanmelden/<slug:slug>/", views.join, name="join"),
    path("wachtlijst/<id:pk>/", views.waiting_list, name="waiting_list"),
    path("betaling/", views.returned, name="returned"),
    path("<id:pk>/opzeggen/", views.cancel, name="cancel"),
    path("<id:pk>/opzegging-intrekken/", views.undo_cancel, name="undo_cancel"),
    path("<id:pk>/aanvraag-intrekken/", views.withdraw, name="withdraw"),
    path("<id:pk>/betaalgegevens/", views.portal, name="portal"),
]
