"""Routes of the imports area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

from django.urls import path

from lianluo.proposals.views import imports

urlpatterns = [
    path("import/", imports.suggestion_import, name="suggestion_import"),
    path("import/template.xlsx", imports.suggestion_import_template, name="suggestion_import_template"),
    path("import/errors.xlsx", imports.suggestion_import_report, name="suggestion_import_report"),
]
