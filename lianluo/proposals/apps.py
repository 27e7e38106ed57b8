from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "lianluo.proposals"
    label = "proposals"
    verbose_name = "议案建议"
    default_auto_field = "django.db.models.BigAutoField"
