from django.urls import path

from lianluo.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/totp/", views.totp, name="totp"),
    path("logout/", views.sign_out, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.assignment_add, name="assignment_add"),
    path("users/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("roles/<int:pk>/revoke/", views.assignment_remove, name="assignment_remove"),
]
