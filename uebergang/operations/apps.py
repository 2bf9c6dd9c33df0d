from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "uebergang.operations"
    verbose_name = "Betrieb"
