"""Routes of suggestions: the list, filing, one suggestion's page and the actions on it, the units' inbox."""

urlpatterns: list = []
