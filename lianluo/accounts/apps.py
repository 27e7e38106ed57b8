from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lianluo.accounts"
    label = "accounts"
    verbose_name = "账户与权限"
