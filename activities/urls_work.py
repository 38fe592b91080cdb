"""URLs of a unit's work (list, activity page, evidence files, archiving a progress report) and of the
leaders' quarter locks.

Included by activities/urls.py into the "activities" namespace.
"""
from django.urls import path

from activities import views_archive, views_work

urlpatterns = [
    path("viec-cua-don-vi/", views_work.work_list, name="work_list"),
    path("hoat-dong/<int:pk>/", views_work.activity_page, name="work_activity"),
    path("minh-chung/<int:pk>/", views_work.attachment_download, name="attachment"),
    path("minh-chung/<int:pk>/xoa/", views_work.attachment_delete, name="attachment_delete"),
    path("cap-nhat-tien-do/<int:pk>/luu-tru/", views_archive.update_archive, name="update_archive"),
    path("cap-nhat-tien-do/<int:pk>/khoi-phuc/", views_archive.update_restore, name="update_restore"),
    path("khoa-ky-bao-cao/", views_work.period_locks, name="period_locks"),
    path("khoa-ky-bao-cao/khoa/", views_work.period_lock, name="period_lock"),
    path("khoa-ky-bao-cao/mo-khoa/", views_work.period_unlock, name="period_unlock"),
]
