from django.urls import path

from lianluo.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.root, name="root"),
    path("workbench/", views.home, name="home"),
]
