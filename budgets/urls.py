from django.urls import path

from budgets import views, views_archive, views_plan_copy

app_name = "budgets"

urlpatterns = [
    path("ke-hoach/<int:pk>/sao-chep-sang-nam-sau/", views_plan_copy.plan_copy, name="plan_copy"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/", views.activity_lines, name="activity_lines"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/", views.line_edit, name="line_edit"),
    path(
        "ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/xoa/", views.line_delete, name="line_delete",
    ),
    path(
        "ke-hoach/<int:plan_pk>/noi-dung/<int:activity_pk>/kinh-phi/<int:pk>/khoi-phuc/", views.line_restore,
        name="line_restore",
    ),
    path("ke-hoach/<int:pk>/luu-tru/", views_archive.plan_archive_page, name="archive"),
]

# The quarterly progress form and its expenditures (budgets/urls_progress.py).
from budgets.urls_progress import urlpatterns as progress_urlpatterns  # noqa: E402

urlpatterns += progress_urlpatterns

# Importing a plan from its Word document or pasted text (budgets/urls_import.py).
from budgets.urls_import import urlpatterns as import_urlpatterns  # noqa: E402

urlpatterns += import_urlpatterns
