"""Routes of the motions area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

urlpatterns: list = []
