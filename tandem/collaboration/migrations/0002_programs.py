from django.db import migrations

from tandem.collaboration.programs import programs_install


def install(apps, schema_editor):
    programs_install(apps)


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
