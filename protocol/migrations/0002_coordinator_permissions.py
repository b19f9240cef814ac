"""Let the anti-bullying coordinator keep the protocol's reference lists current.

View, add and change on every reference model, no delete: incidents and plans refer to
these items, so an item that is no longer used is deactivated instead.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR = "coordinator"
MODELS = [
    "bullyingform",
    "formexample",
    "digitalplatform",
    "bullyingmark",
    "signal",
    "suggestedaction",
]
ACTIONS = ["view", "add", "change"]


def _permissions(apps):
    # Permissions are normally created after all migrations ran; create them now so this
    # migration also works on a fresh database.
    app_config = apps.get_app_config("protocol")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="protocol",
        codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=COORDINATOR)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATOR).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("protocol", "0001_initial"),
        ("accounts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
