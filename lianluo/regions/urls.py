from django.urls import path

from lianluo.regions import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.region_index, name="region_index"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("congresses/", views.congress_list, name="congress_list"),
    path("congresses/<int:pk>/", views.congress_detail, name="congress_detail"),
    path("terms/<int:term_pk>/sessions/new/", views.session_create, name="session_create"),
]
