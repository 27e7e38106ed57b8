from django.urls import path

from lianluo.livelihood import views

app_name = "livelihood"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/action/<str:action>/", views.round_action, name="round_action"),
    path("<int:pk>/proposals/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/revote/", views.revote, name="revote"),
    path("project/<int:pk>/", views.project_detail, name="project_detail"),
    path("project/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("project/<int:pk>/milestones/<int:milestone>/done/", views.milestone_done, name="milestone_done"),
    path("project/<int:pk>/inspections/", views.inspection_add, name="inspection_add"),
    path("project/<int:pk>/rate/", views.rate, name="rate"),
]
