"""URLs of the quarter going out: the report (page, PDF, Excel, background jobs), the dashboard, and a
plan's change log and archive page."""
from django.urls import path

from reports import views, views_archive, views_national

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.report_page, name="report"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/toan-quoc/", views_national.national, name="national"),
    path("bao-cao/tep/<uuid:pk>/", views.job_page, name="job"),
    path("bao-cao/tep/<uuid:pk>/tai/", views.job_download, name="job_download"),
    path("ke-hoach/<int:pk>/lich-su/", views.plan_history_page, name="plan_history"),
    path("ke-hoach/<int:pk>/luu-tru/", views_archive.plan_archive_page, name="plan_archive"),
]
