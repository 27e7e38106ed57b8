from django.urls import include, path

app_name = "proposals"

urlpatterns = [
    path("", include("lianluo.proposals.urls.suggestions")),
    path("", include("lianluo.proposals.urls.statistics")),
    path("", include("lianluo.proposals.urls.publication")),
    path("", include("lianluo.proposals.urls.motions")),
    path("", include("lianluo.proposals.urls.letters")),
    path("", include("lianluo.proposals.urls.imports")),
]
