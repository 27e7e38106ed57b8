from django.urls import include, path

app_name = "proposals"

# The suggestion routes go last: their catch-all "<pk>/<action>/" must not shadow the other areas' "<pk>/…/" routes.
urlpatterns = [
    path("", include("lianluo.proposals.urls.statistics")),
    path("", include("lianluo.proposals.urls.publication")),
    path("", include("lianluo.proposals.urls.motions")),
    path("", include("lianluo.proposals.urls.letters")),
    path("", include("lianluo.proposals.urls.imports")),
    path("", include("lianluo.proposals.urls.suggestions")),
]
