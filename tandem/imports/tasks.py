"""The pipeline's background work, run by the task worker."""

from django_tasks import task

from tandem.imports import services


@task()
def import_check(run_id: int) -> str:
    return services.run_check(run_id).status


@task()
def import_apply(run_id: int) -> str:
    return services.run_apply(run_id).status
