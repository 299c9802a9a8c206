from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo content. Safe to run again: it only adds what is missing."

    def handle(self, *args, **options):
        loaders = []
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            loaders.append((getattr(module, "ORDER", 50), config.name, module))
        for _order, name, module in sorted(loaders, key=lambda item: (item[0], item[1])):
            self.stdout.write(f"- {name}")
            module.load(lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
