from django.urls import path

from . import views

app_name = "receipts"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:number>/", views.detail, name="detail"),
]
