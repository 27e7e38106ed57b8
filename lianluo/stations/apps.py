from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "lianluo.stations"
    verbose_name = "代表联络站"
