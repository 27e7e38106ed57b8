from django.urls import path

from lianluo.portal import views

app_name = "portal"

urlpatterns = [
    path("s/<str:public_key>/", views.station_form, name="station_form"),
    path("q/", views.follow, name="follow"),
    path("suggestions/", views.suggestion_search, name="suggestion_search"),
    path("suggestions/<int:pk>/", views.suggestion_public, name="suggestion_public"),
]
