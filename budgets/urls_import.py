"""URLs of the plan import: read a document, review it, save it as a draft plan."""
from django.urls import path

from budgets import views_plan_import

urlpatterns = [
    path("ke-hoach/nhap-tu-van-ban/", views_plan_import.plan_import, name="plan_import"),
    path("ke-hoach/nhap-tu-van-ban/luu/", views_plan_import.plan_import_save, name="plan_import_save"),
]
