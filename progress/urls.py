"""URLs of the quarter coming in: a unit's work list, the activity page, the progress form and its
expenditures, evidence files, archiving a progress report, and the leaders' quarter locks."""
from django.urls import path

from progress import views_archive, views_progress, views_work

app_name = "progress"

urlpatterns = [
    path("viec-cua-don-vi/", views_work.work_list, name="work_list"),
    path("viec-cua-don-vi/goi-y-ke-hoach/", views_work.work_plan_suggest, name="work_plan_suggest"),
    path("hoat-dong/<int:pk>/", views_work.activity_page, name="activity"),
    path("hoat-dong/<int:pk>/cap-nhat-tien-do/", views_progress.progress_update, name="update"),
    path("khoan-chi/<int:pk>/xoa/", views_progress.expenditure_remove, name="expenditure_delete"),
    path("minh-chung/<int:pk>/", views_work.attachment_download, name="attachment"),
    path("minh-chung/<int:pk>/xoa/", views_work.attachment_delete, name="attachment_delete"),
    path("cap-nhat-tien-do/<int:pk>/luu-tru/", views_archive.update_archive, name="update_archive"),
    path("cap-nhat-tien-do/<int:pk>/khoi-phuc/", views_archive.update_restore, name="update_restore"),
    path("khoa-ky-bao-cao/", views_work.period_locks, name="locks"),
    path("khoa-ky-bao-cao/khoa/", views_work.period_lock, name="lock"),
    path("khoa-ky-bao-cao/mo-khoa/", views_work.period_unlock, name="unlock"),
]
