from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lianluo.casework"
    verbose_name = "群众意见"
