from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lianluo.core"
    label = "core"
    verbose_name = "基础"
