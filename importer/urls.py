"""URLs of a new draft plan: imported from a document (read, review, save) or copied to the next year."""
from django.urls import path

from importer import views, views_copy

app_name = "importer"

urlpatterns = [
    path("ke-hoach/nhap-tu-van-ban/", views.plan_import, name="import"),
    path("ke-hoach/nhap-tu-van-ban/luu/", views.plan_import_save, name="import_save"),
    path("ke-hoach/<int:pk>/sao-chep-sang-nam-sau/", views_copy.plan_copy, name="copy"),
]
