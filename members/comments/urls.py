from django.urls import path

from . import views

app_name = "comments"
# <id:>, not <int:>: a 20-digit id must be a 404, not an OverflowError (cms/core/converters.py).
urlpatterns = [
    path("bericht/<id:item_pk>/", views.post, name="post"),
    path("<id:pk>/bewerken/", views.edit, name="edit"),
    path("<id:pk>/verwijderen/", views.delete, name="delete"),
    path("<id:pk>/melden/", views.report, name="report"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/antwoordmails/", views.reply_mails, name="reply_mails"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
