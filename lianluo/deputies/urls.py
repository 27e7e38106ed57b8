from django.urls import path

from lianluo.deputies import views

app_name = "deputies"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("composition/", views.composition, name="composition"),
    path("export/", views.roster_export, name="roster_export"),
    path("import/", views.roster_import, name="roster_import"),
    path("import/errors.xlsx", views.roster_import_errors, name="roster_import_errors"),
    path("<int:pk>/", views.mandate_detail, name="mandate_detail"),
    path("<int:pk>/end/", views.mandate_end, name="mandate_end"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/members/<int:member_pk>/assign/", views.contact_assign, name="contact_assign"),
    path("contacts/<int:pk>/end/", views.contact_end, name="contact_end"),
    path("contacts/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/done/", views.visit_follow_up_done, name="visit_follow_up_done"),
    path("coverage/", views.coverage, name="coverage"),
]
