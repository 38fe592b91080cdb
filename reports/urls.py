"""URLs of the quarter going out: the report (page, PDF, Excel, background jobs), the dashboard, and a
plan's change log and archive page."""
from django.urls import path

from reports import views, views_archive, views_documents, views_national, views_suggest

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.report_page, name="report"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("bao-cao/goi-y-pham-vi/", views_suggest.scope_suggest, name="scope_suggest"),
    path("tong-quan/danh-sach/<slug:kind>/", views.dashboard_list, name="dashboard_list"),
    path("tong-quan/toan-quoc/", views_national.national, name="national"),
    path("tong-quan/toan-quoc/bao-cao-nam/tai/<str:file_format>/", views_national.national_report_download,
         name="national_report"),
    path("bao-cao/van-ban/", views_documents.document_list, name="documents"),
    path("bao-cao/van-ban/goi-y-ke-hoach/", views_documents.document_plan_suggest, name="document_plan_suggest"),
    path("bao-cao/van-ban/moi/", views_documents.document_create, name="document_create"),
    path("bao-cao/van-ban/<int:pk>/", views_documents.document_page, name="document"),
    path("bao-cao/van-ban/<int:pk>/ban-hanh/", views_documents.document_issue, name="document_issue"),
    path("bao-cao/van-ban/<int:pk>/phien-ban-moi/", views_documents.document_new_version, name="document_new_version"),
    path("bao-cao/van-ban/<int:pk>/viet-lai/", views_documents.document_redraft, name="document_redraft"),
    path("bao-cao/van-ban/<int:pk>/tai/<str:file_format>/", views_documents.document_download,
         name="document_download"),
    path("bao-cao/tep/<uuid:pk>/", views.job_page, name="job"),
    path("bao-cao/tep/<uuid:pk>/tai/", views.job_download, name="job_download"),
    path("ke-hoach/<int:pk>/lich-su/", views.plan_history_page, name="plan_history"),
    path("ke-hoach/<int:pk>/luu-tru/", views_archive.plan_archive_page, name="plan_archive"),
]
