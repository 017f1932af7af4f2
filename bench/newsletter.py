"""Newsletter benchmark: send one Teachers' Top Three issue to N subscribers through a real
SMTP server on loopback (aiosmtpd, in a process of its own), as the task worker does.

    .venv/bin/python bench/newsletter.py [--subscribers 150000] [--batch 500] [--profile FILE]

Uses the SQLite database var/bench/newsletter.sqlite3, kept between runs (migrated on the
first, which is slow); each run replaces the benchmark's own subscribers and issue.
Prints the wall time of the send, the rate, the sender's own CPU time (the rest is waiting
for the server, which shares the machine's cores), the sender's peak memory (RSS) before
and after, and what the server received. A benchmark, never a test.
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(port: int, ready, stop, received) -> None:
    from aiosmtpd.controller import Controller

    from tandem.newsletter.tests.smtp_server import Mailbox

    mailbox = Mailbox(keep=False)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    received.value = mailbox.count
    controller.stop()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=150_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the send here")
    args = parser.parse_args()

    database = ROOT / "var" / "bench" / "newsletter.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.settings"

    from tandem.newsletter.tests.smtp_server import free_port

    port = free_port()
    os.environ.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from tandem.newsletter import sending
    from tandem.newsletter.models import Issue, Item, Subscriber
    from tandem.people.models import User

    settings.NEWSLETTER_BATCH_SIZE = sending.BATCH_SIZE = args.batch
    print(f"Migrating {database.name} …", flush=True)
    call_command("migrate", verbosity=0)
    Issue.objects.filter(title__endswith="(benchmark)").delete()
    Subscriber.objects.filter(email__endswith="@bench.example.net").delete()
    staff, _ = User.objects.get_or_create(email="bench.staff@example.org")
    issue = Issue.objects.create(
        title="Teachers' Top Three (benchmark)",
        created_by=staff,
        status=Issue.Status.SCHEDULED,
        send_at=timezone.now(),
    )
    for position, kind in enumerate(Item.Kind, start=1):
        Item.objects.create(
            issue=issue,
            kind=kind,
            position=position,
            title=f"The {kind.label}",
            text="A short paragraph. " * 8,
            link=f"https://example.org/{kind.value}",
        )
    now = timezone.now()
    for start in range(0, args.subscribers, 10_000):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{n}@bench.example.net", confirmed_at=now)
            for n in range(start, min(start + 10_000, args.subscribers))
        )

    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    received = context.Value("i", 0)
    server = context.Process(target=serve, args=(port, ready, stop, received))
    server.start()
    ready.wait(30)

    before = peak_mib()
    started, cpu = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile

        with cProfile.Profile() as profile:
            result = sending.issue_send_now(issue.pk)
        profile.dump_stats(args.profile)
    else:
        result = sending.issue_send_now(issue.pk)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = peak_mib()
    stop.set()
    server.join(60)

    print(
        f"{'subscribers':>12} {'batch':>6} {'sent':>8} {'received':>9} {'wall s':>8} {'msg/s':>7} {'sender CPU s':>13} {'peak MiB before':>16} {'after':>7}"
    )
    print(
        f"{args.subscribers:>12} {args.batch:>6} {result['sent']:>8} {received.value:>9} {wall:>8.1f} "
        f"{result['sent'] / wall:>7.0f} {cpu:>13.1f} {before:>16.0f} {after:>7.0f}"
    )
    print(f"At this rate 150,000 copies take {150_000 / (result['sent'] / wall) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
