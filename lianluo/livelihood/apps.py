from django.apps import AppConfig


class LivelihoodConfig(AppConfig):
    name = "lianluo.livelihood"
    label = "livelihood"
    verbose_name = "民生实事项目票决"
    default_auto_field = "django.db.models.BigAutoField"
