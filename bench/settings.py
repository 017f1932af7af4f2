"""Tandem's settings with the benchmark's URLs: the app's own, plus a bare view as the floor."""

from tandem.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
