from django.urls import include, path

from lianluo.api.api import api

urlpatterns = [
    path("", include("lianluo.dashboard.urls")),
    path("accounts/", include("lianluo.accounts.urls")),
    path("", include("lianluo.regions.urls")),
    path("", include("lianluo.core.urls")),
    path("deputies/", include("lianluo.deputies.urls")),
    path("stations/", include("lianluo.stations.urls")),
    path("casework/", include("lianluo.casework.urls")),
    path("proposals/", include("lianluo.proposals.urls")),
    path("elections/", include("lianluo.elections.urls")),
    path("livelihood/", include("lianluo.livelihood.urls")),
    path("text/", include("lianluo.textmine.urls")),
    path("public/livelihood/", include("lianluo.livelihood.urls_public")),
    path("public/", include("lianluo.portal.urls")),
    path("api/v1/", api.urls),
]

handler400 = "lianluo.core.views.bad_request"
handler403 = "lianluo.core.views.permission_denied"
handler404 = "lianluo.core.views.page_not_found"
handler500 = "lianluo.core.views.server_error"
