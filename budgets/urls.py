"""URLs of an activity's budget lines, edited inside the content editor's panel."""
from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/", views.activity_lines, name="activity_lines"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/", views.line_edit, name="line_edit"),
    path(
        "ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/xoa/", views.line_delete, name="line_delete",
    ),
    path(
        "ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/khoi-phuc/", views.line_restore,
        name="line_restore",
    ),
]
