from django.urls import path

from plans import views, views_archive, views_edit

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="detail"),
    path("ke-hoach/moi/", views_edit.plan_create, name="create"),
    path("ke-hoach/<int:pk>/sua/", views_edit.plan_edit, name="edit"),
    path("ke-hoach/<int:pk>/ban-hanh/", views_edit.plan_issue_view, name="issue"),
    path("ke-hoach/<int:pk>/ket-thuc/", views_edit.plan_close_view, name="close"),
    path("ke-hoach/<int:pk>/luu-tru-ke-hoach/", views_archive.plan_archive_view, name="archive"),
    path("ke-hoach/<int:pk>/khoi-phuc/", views_archive.plan_restore_view, name="restore"),
    path("ke-hoach/luu-tru/", views_archive.archived_plans, name="archived"),
    path("don-vi/<int:pk>/lich-su/", views.unit_history, name="unit_history"),
]
