"""Routes of the statistics area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

from django.urls import path

from lianluo.proposals.views import statistics as views

urlpatterns: list = [
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export_xlsx, name="statistics_export"),
    path("statistics/report.docx", views.annual_report_docx, name="annual_report"),
    path("assessment/", views.assessment_page, name="assessment"),
    path("assessment/export.xlsx", views.assessment_export_xlsx, name="assessment_export"),
]
