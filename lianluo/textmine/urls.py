from django.urls import path

from lianluo.textmine import pages, views

app_name = "textmine"

urlpatterns = [
    path("similar/suggestions/", views.similar_suggestions, name="similar_suggestions"),
    path("models/", pages.model_list, name="models"),
    path("models/train/", pages.model_train, name="train"),
]
