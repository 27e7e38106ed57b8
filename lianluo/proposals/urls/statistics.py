"""Routes of the statistics area (included by lianluo/proposals/urls/__init__.py, in the "proposals" namespace)."""

urlpatterns: list = []
