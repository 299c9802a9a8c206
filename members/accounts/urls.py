from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="mijn_loc"),
    path("profiel/", views.profile, name="mijn_loc_profile"),
    path("gegevens/", views.export, name="mijn_loc_export"),
    path("account-verwijderen/", views.delete_account, name="mijn_loc_delete"),
]
