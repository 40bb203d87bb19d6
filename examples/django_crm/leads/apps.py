"""The leads app: registers the project's framework files once Django is ready."""

from django.apps import AppConfig
from django.conf import settings

import qualify


class LeadsConfig(AppConfig):
    name = "leads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Where a Django project registers plugins: once, at start-up. A folder
        # with a bad file stops the start with every problem named.
        for folder in getattr(settings, "QUALIFY_FRAMEWORK_FOLDERS", []):
            qualify.register_path(folder)
