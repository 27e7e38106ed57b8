from django.urls import path

from lianluo.core import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/chain/", views.audit_chain, name="audit_chain"),
]
