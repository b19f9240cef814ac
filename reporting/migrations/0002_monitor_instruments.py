"""The instruments §12.1 names, and two more schools often use; the coordinator keeps the list."""

from django.db import migrations

INSTRUMENTS = (
    "Veiligheidsmonitor (Vensters/IEP)",
    "IEP Hart & Handen",
    "ZIEN!",
    "KiVa-monitor",
)


def add_instruments(apps, schema_editor):
    instrument = apps.get_model("reporting", "MonitorInstrument")
    for order, name in enumerate(INSTRUMENTS):
        instrument.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_monitor")]

    operations = [migrations.RunPython(add_instruments, migrations.RunPython.noop)]
