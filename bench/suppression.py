"""Suppression benchmark: how long ``records.suppression.suppress`` takes on tables of the
sizes the pages show, with a seeded mix of small and large groups.

    .venv/bin/python bench/suppression.py [--repeat 5]

Prints, per shape, the rows, how many end hidden, and the median of the runs in
milliseconds. No database: the function works on counts already read.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tandem.records.suppression import Row, Table, suppress

LEVELS = ("exemplary", "proficient", "needs_improvement", "unsatisfactory")


def by_district(n: int, rng: random.Random):
    """The analyst's home: a PTS share per district, no total."""
    table = Table(
        "pts",
        tuple(Row(d, str(d), lambda key, d=d: key == d) for d in range(n)),
        ("pts", "non_pts"),
    )
    population = {
        d: Counter(pts=rng.choice([0, 1, 3, 20, 100]), non_pts=rng.choice([0, 1, 2, 30]))
        for d in range(n)
    }
    return population, [table]


def by_school(n: int, rng: random.Random):
    """A district's ratings by school with its total, beside ratings by role (two tables)."""
    roles = ("admin", "teacher", "specialist")
    population = {
        (s, r): Counter({level: rng.choice([0, 0, 0, 0, 1, 2, 5]) for level in LEVELS})
        for s in range(n)
        for r in roles
    }
    schools = Table(
        "schools",
        (
            Row("all", "All", lambda key: True),
            *(Row(s, str(s), lambda key, s=s: key[0] == s) for s in range(n)),
        ),
        LEVELS,
        margin="all",
    )
    by_role = Table(
        "roles",
        (
            Row("all", "All", lambda key: True),
            *(Row(r, r, lambda key, r=r: key[1] == r) for r in roles),
        ),
        LEVELS,
        margin="all",
    )
    return population, [schools, by_role]


SHAPES = [
    ("PTS share, 50 districts", by_district, 50),
    ("PTS share, 400 districts", by_district, 400),
    ("ratings, 10 schools x 3 roles", by_school, 10),
    ("ratings, 40 schools x 3 roles", by_school, 40),
    ("ratings, 120 schools x 3 roles", by_school, 120),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'shape':<34}{'rows':>6}{'hidden':>8}{'median ms':>12}")
    for name, build, n in SHAPES:
        population, tables = build(n, random.Random(n))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = suppress(population, tables)
            times.append(1000 * (time.perf_counter() - start))
        rows = sum(len(t.rows) for t in tables)
        hidden = sum(r.hidden for t in result.values() for r in t.as_rows())
        print(f"{name:<34}{rows:>6}{hidden:>8}{statistics.median(times):>12.1f}")


if __name__ == "__main__":
    main()
