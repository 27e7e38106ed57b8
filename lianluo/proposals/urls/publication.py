"""Routes of the publication area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace):
key-suggestion supervision (代表法 Art 52) and disclosure of suggestions and replies (Art 51 ¶3). ``pk`` is the
suggestion's id."""

from django.urls import path

from lianluo.proposals.views import publication as views

urlpatterns: list = [
    path("key/", views.key_list, name="key_list"),
    path("<int:pk>/key/", views.key_mark, name="key_mark"),
    path("<int:pk>/key/activity/", views.key_activity, name="key_activity"),
    path("publication/", views.publication_list, name="publication_list"),
    path("<int:pk>/publication/", views.publication_edit, name="publication_edit"),
    path("<int:pk>/publication/<slug:action>/", views.publication_action, name="publication_action"),
]
