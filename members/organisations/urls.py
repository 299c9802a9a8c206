from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/", views.create, name="create"),
    path("uitnodiging/<str:token>/", views.accept, name="accept"),
    path("<id:pk>/gegevens/", views.edit, name="edit"),
    path("<id:pk>/uitnodigen/", views.invite, name="invite"),
    path("<id:pk>/uitnodiging-intrekken/<id:invitation>/", views.withdraw, name="withdraw"),
    path("<id:pk>/verwijderen/<id:person>/", views.remove, name="remove"),
    path("<id:pk>/beheer-overdragen/<id:person>/", views.hand_over, name="hand_over"),
    path("<id:pk>/verlaten/", views.leave, name="leave"),
    path("<id:pk>/lidmaatschap/", views.request_membership, name="request_membership"),
    path("<id:pk>/lidmaatschap/opzeggen/", views.cancel_membership, name="cancel_membership"),
]
