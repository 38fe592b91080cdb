"""URLs of the content editor, under the plan they belong to."""
from django.urls import path

from activities import views, views_archive

app_name = "activities"

urlpatterns = [
    path("ke-hoach/<int:plan_pk>/noi-dung/", views.editor, name="editor"),
    path("ke-hoach/<int:plan_pk>/noi-dung/thao-tac/", views.tree_action, name="tree_action"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/", views.activity_panel, name="panel"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/xoa/", views.activity_delete, name="delete"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/khoi-phuc/", views_archive.activity_restore, name="restore"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/chi-tieu/", views.target_add, name="target_add"),
    path("ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/chi-tieu/<int:target_pk>/", views.target_edit, name="target_edit"),
    path(
        "ke-hoach/<int:plan_pk>/noi-dung/<int:pk>/chi-tieu/<int:target_pk>/xoa/",
        views.target_delete, name="target_delete",
    ),
    path("ke-hoach/<int:plan_pk>/don-vi/tim/", views.unit_search, name="unit_search"),
    path("ke-hoach/<int:plan_pk>/thoi-gian/xem-truoc/", views.timeframe_preview, name="timeframe_preview"),
]
