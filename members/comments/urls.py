from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("bericht/<int:item_pk>/", views.post, name="post"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/verwijderen/", views.delete, name="delete"),
    path("<int:pk>/melden/", views.report, name="report"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/antwoordmails/", views.reply_mails, name="reply_mails"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
