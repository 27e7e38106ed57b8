from django.urls import path

from lianluo.stations import views

app_name = "stations"

urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("new/", views.station_create, name="station_create"),
    path("figures/", views.figures, name="figures"),
    path("mine/", views.my_stations, name="my_stations"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("<int:pk>/deputies/", views.station_deputies, name="station_deputies"),
    path("<int:pk>/deputies/<int:assignment_pk>/release/", views.station_deputy_release,
         name="station_deputy_release"),
    path("<int:pk>/plan/", views.shift_plan, name="shift_plan"),
    path("<int:pk>/poster/", views.station_poster, name="poster"),
    path("<int:pk>/receptions/new/", views.reception_create, name="reception_create"),
    path("shifts/<int:pk>/", views.shift_edit, name="shift_edit"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
]
