"""URLs of the quarterly progress form; included by budgets/urls.py into the "budgets" namespace."""
from django.urls import path

from budgets import views_progress

urlpatterns = [
    path("hoat-dong/<int:pk>/cap-nhat-tien-do/", views_progress.progress_update, name="progress_update"),
    path("khoan-chi/<int:pk>/xoa/", views_progress.expenditure_remove, name="expenditure_delete"),
]
