"""Routes of the motions area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

from django.urls import path

from lianluo.proposals.views import motions as views

urlpatterns: list = [
    path("motions/", views.motion_list, name="motion_list"),
    path("motions/new/", views.motion_create, name="motion_create"),
    path("motions/<int:pk>/", views.motion_detail, name="motion_detail"),
    path("motions/<int:pk>/<slug:action>/", views.motion_action, name="motion_action"),
]
