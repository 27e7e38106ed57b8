from django.urls import path

from lianluo.livelihood import views

app_name = "livelihood_public"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
