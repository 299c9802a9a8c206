"""The privacy statement at a stable address (/privacy/), whatever the page tree holds."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.privacy_statement, name="privacy"),
]
