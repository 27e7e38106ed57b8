from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "lianluo.portal"
    verbose_name = "公众门户"
