from django.urls import path

from lianluo.elections import session_views, views

app_name = "elections"

urlpatterns = [
    path("", views.election_list, name="election_list"),
    path("new/", views.election_create, name="election_create"),
    path("returns/", views.returns, name="returns"),
    path("<int:pk>/", views.election_detail, name="election_detail"),
    path("<int:pk>/publication/", views.election_publication, name="election_publication"),
    path("<int:pk>/constituencies/", views.constituency_add, name="constituency_add"),
    path("<int:pk>/voters/", views.voter_list, name="voter_list"),
    path("<int:pk>/voters/register/", views.voter_register, name="voter_register"),
    path("<int:pk>/voters/import/", views.voter_import, name="voter_import"),
    path("<int:pk>/objections/", views.objection_receive, name="objection_receive"),
    path("<int:pk>/objections/<int:objection>/decide/", views.objection_decide, name="objection_decide"),
    path("<int:pk>/proxies/", views.proxy_record, name="proxy_record"),
    path("voter/<int:pk>/remove/", views.voter_remove, name="voter_remove"),
    path("candidate/<int:pk>/withdraw/", views.candidate_withdraw, name="candidate_withdraw"),
    path("constituency/<int:pk>/", views.constituency_detail, name="constituency_detail"),
    path("constituency/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("constituency/<int:pk>/candidates/formalise/", views.candidates_formalise, name="candidates_formalise"),
    path("constituency/<int:pk>/stations/", views.station_add, name="station_add"),
    path("constituency/<int:pk>/publish/<str:round_>/", views.result_publish, name="result_publish"),
    path("constituency/<int:pk>/ballot/<str:round_>/", views.ballot, name="ballot"),
    path("station/<int:pk>/tally/<str:round_>/", views.tally_edit, name="tally_edit"),
    path("result/<int:pk>/correct/", views.result_correct, name="result_correct"),
    path("result/<int:pk>/announcement/", views.result_announcement, name="result_announcement"),
    path("result/<int:pk>/certificate/<int:index>/", views.result_certificate, name="result_certificate"),
    path("session/", session_views.session_election_list, name="session_election_list"),
    path("session/new/", session_views.session_election_create, name="session_election_create"),
    path("session/<int:pk>/", session_views.session_election_detail, name="session_election_detail"),
    path("session/<int:pk>/nominees/", session_views.nominee_add, name="nominee_add"),
    path("session/<int:pk>/vote/", session_views.session_vote, name="session_vote"),
    path("appointments/", session_views.appointment_list, name="appointment_list"),
    path("appointments/new/", session_views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", session_views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/<str:what>/", session_views.appointment_record_date, name="appointment_date"),
]
