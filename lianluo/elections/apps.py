from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "lianluo.elections"
    label = "elections"
    verbose_name = "选举任免"
    default_auto_field = "django.db.models.BigAutoField"
