from django.urls import path

from lianluo.livelihood import public_views

app_name = "livelihood_public"

urlpatterns = [
    path("", public_views.public_list, name="list"),
    path("<int:pk>/", public_views.public_detail, name="detail"),
    path("<int:pk>/propose/", public_views.public_propose, name="propose"),
    path("project/<int:pk>/", public_views.public_project, name="project"),
]
