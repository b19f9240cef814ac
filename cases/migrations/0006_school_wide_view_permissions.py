"""IB, directie and the coordinator see every incident and case of the school.

They get the model-level `cases.view_incident` and `cases.view_case` through their role's auth
group; teachers get a permission per object instead (cases.permissions.visibility_sync). The
aanspreekpersoon gets neither: that role alone opens no case.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCHOOL_WIDE_ROLES = ["ib", "directie", "coordinator"]
CODENAMES = ["view_incident", "view_case"]


def _permissions(apps):
    # Permissions are normally created after all migrations ran; create them now so this
    # migration also works on a fresh database.
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="cases", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for name in SCHOOL_WIDE_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for group in Group.objects.filter(name__in=SCHOOL_WIDE_ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_object_permissions_history_access_log"),
        ("accounts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
