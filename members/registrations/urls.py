from django.urls import path

from . import views

app_name = "registrations"
# <id:>, not <int:>: a 20-digit id must be a 404, not an OverflowError (cms/core/converters.py).
urlpatterns = [
    path("", views.mine, name="mine"),
    path("aanmelden/<id:page_id>/", views.register, name="register"),
    path("<id:pk>/afmelden/", views.cancel, name="cancel"),
    path("<id:pk>/agenda.ics", views.ics, name="ics"),
    path("agenda/vernieuwen/", views.renew_feed, name="renew_feed"),
    path("agenda/uitzetten/", views.revoke_feed, name="revoke_feed"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
