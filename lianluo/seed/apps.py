from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "lianluo.seed"
    verbose_name = "基准测试数据"
