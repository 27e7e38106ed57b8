from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "lianluo.regions"
    label = "regions"
    verbose_name = "行政区划与人大"
