"""A school board's data for `scripts/benchmark.py`, generated in bulk (see README, "Benchmark").

Import only after `django.setup()`.
"""

from scripts.board.build import school_build
from scripts.board.sizes import SEED, BenchSchool, Sizes

__all__ = ["SEED", "BenchSchool", "Sizes", "school_build"]
