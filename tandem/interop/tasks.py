"""Background work of the Ed-Fi export, run by the task worker."""

from django_tasks import task

from tandem.interop import services


@task()
def edfi_export_run(export_id: int) -> dict:
    export = services.edfi_export_run_now(export_id=export_id)
    return {"export": export.pk, "status": export.status}
