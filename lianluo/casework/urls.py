from django.urls import path

from lianluo.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.issue_list, name="issue_list"),
    path("new/", views.issue_create, name="issue_create"),
    path("quick/", views.issue_quick, name="issue_quick"),
    path("inbox/", views.unit_inbox, name="unit_inbox"),
    path("hot/", views.hot_issues, name="hot_issues"),
    path("hot/refresh/", views.hot_refresh, name="hot_refresh"),
    path("replies/", views.reply_review_page, name="reply_review"),
    path("categories/", views.category_list, name="category_list"),
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/new/", views.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("<int:pk>/", views.issue_detail, name="issue_detail"),
    path("<int:pk>/contacts/", views.issue_contacts, name="issue_contacts"),
    path("<int:pk>/<slug:action>/", views.issue_action, name="issue_action"),
]
