from django.urls import path

from . import views

app_name = "registrations"
# <id:>, not <int:>: a 20-digit id must be a 404, not an OverflowError (cms/core/converters.py).
urlpatterns = [
    path("", views.mine, name="mine"),
    path("aanmelden/<id:page_id>/", views.register, name="register"),
    path("<id:pk>/afmelden/", views.cancel, name="cancel"),
    path("<id:pk>/betalen/", views.pay, name="pay"),
    path("<id:pk>/overdragen/", views.hand_over, name="hand_over"),
    path("<id:pk>/agenda.ics", views.ics, name="ics"),
    path("agenda/vernieuwen/", views.renew_feed, name="renew_feed"),
    path("agenda/uitzetten/", views.revoke_feed, name="revoke_feed"),
    # slug: exactly the alphabet of secrets.token_urlsafe; anything else (a NUL byte, which
    # PostgreSQL refuses in a query) is a 404 before the database is asked.
    path("agenda/<slug:token>.ics", views.feed, name="feed"),
]
