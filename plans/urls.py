from django.urls import path

from plans import views, views_edit

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="detail"),
    path("ke-hoach/moi/", views_edit.plan_create, name="create"),
    path("ke-hoach/<int:pk>/sua/", views_edit.plan_edit, name="edit"),
    path("ke-hoach/<int:pk>/ban-hanh/", views_edit.plan_issue_view, name="issue"),
    path("ke-hoach/<int:pk>/ket-thuc/", views_edit.plan_close_view, name="close"),
]
