"""Routes of the letters area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

from django.urls import path

from lianluo.proposals.views import letters

urlpatterns = [
    path("<int:pk>/letters/assignment.docx", letters.letter_assignment, name="letter_assignment"),
    path("<int:pk>/letters/reply-<int:reply>.docx", letters.letter_reply, name="letter_reply"),
    path("<int:pk>/letters/feedback-<int:reply>.docx", letters.letter_feedback, name="letter_feedback"),
    path("letters/assignment-batch.docx", letters.letter_assignment_batch, name="letter_assignment_batch"),
]
