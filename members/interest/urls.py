from django.urls import path

from . import views

app_name = "interest"
urlpatterns = [
    path("<id:page_id>/", views.add, name="add"),
    path("<id:page_id>/eraf/", views.withdraw, name="withdraw"),
]
