"""Routes of suggestions: the list, filing, one suggestion's page and the actions on it, the units' inbox and the
office's bulk referral."""

from django.urls import path

from lianluo.proposals.views import suggestions, units

urlpatterns = [
    path("", suggestions.suggestion_list, name="suggestion_list"),
    path("new/", suggestions.suggestion_create, name="suggestion_create"),
    path("inbox/", units.unit_inbox, name="unit_inbox"),
    path("assign/", units.bulk_assign, name="bulk_assign"),
    path("<int:pk>/", suggestions.suggestion_detail, name="suggestion_detail"),
    path("<int:pk>/edit/", suggestions.suggestion_edit, name="suggestion_edit"),
    path("<int:pk>/attachments/<int:attachment>/", suggestions.attachment_download, name="attachment_download"),
    path("<int:pk>/units/<int:handling>/<slug:action>/", units.handling_action, name="handling_action"),
    path("<int:pk>/replies/<int:reply>/<slug:action>/", units.reply_action, name="reply_action"),
    path("<int:pk>/<slug:action>/", suggestions.suggestion_action, name="suggestion_action"),
]
