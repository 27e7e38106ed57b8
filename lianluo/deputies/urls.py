from django.urls import path

from lianluo.deputies import views

app_name = "deputies"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("<int:pk>/", views.mandate_detail, name="mandate_detail"),
]
