"""Pathological input shapes (not a test): each shape is grown by doubling, and the time of
``renovex.extract`` on it is printed with the growth ratio per doubling. Linear cost gives
about 2; the target is at most 2.3 for every shape (issue 16).

    python benchmarks/adversarial.py [--start 2000] [--doublings 4] [--shape NAME]

A ratio is the median of the last doublings' ratios, on the fastest of ``--repeat`` runs
(the machine's timing noise is large on small inputs, so the start size is not tiny).
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable

LEAD = "In 2022, Hebei plans to renovate 1,250 old residential communities. "

SHAPES: dict[str, Callable[[int], str]] = {
    "equals run": lambda n: LEAD + "=" * n,
    "comma run": lambda n: LEAD + "," * n,
    "dash-dot run": lambda n: LEAD + "-." * (n // 2),
    "digits and commas": lambda n: LEAD + "1," * (n // 2),
    "one long word": lambda n: LEAD + "a" * n,
    "blank lines": lambda n: LEAD + "\n" * n + LEAD,
    "spaces": lambda n: LEAD + " " * n + LEAD,
    "nested brackets": lambda n: LEAD + "(" * (n // 2) + ")" * (n // 2),
    # (numbers stay under 1900: a longer list would turn into years, another shape)
    "figures in one sentence": lambda n: "In 2022, Hebei will renovate " + ", ".join(
        f"{i % 900 + 1} old communities" for i in range(n // 20)) + ".",
    "respectively list": lambda n: "In 2022, the cities will renovate " + ", ".join(
        f"{i % 900 + 1}" for i in range(n // 6)) + " old communities respectively.",
    "figures in many sentences": lambda n: " ".join(
        f"In 2022, Hebei renovated {i % 900 + 1} old communities." for i in range(n // 48)),
    "years in one sentence": lambda n: "Hebei renovated old communities in " + ", ".join(
        f"{1950 + i % 100}" for i in range(n // 6)) + ".",
    "number words": lambda n: LEAD + "ten " + "billion " * (n // 8) + "yuan.",
    "unclosed quote": lambda n: LEAD + '"' + "renovated 12 communities " * (n // 25),
}


def measure(make: Callable[[int], str], size: int, repeat: int) -> float:
    import renovex

    text = make(size)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        renovex.extract(text, published="2022-06-01")
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=4000, help="characters of the first size (default 4000)")
    parser.add_argument("--doublings", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only this shape (repeatable)")
    args = parser.parse_args()

    import renovex

    renovex.extract(LEAD)  # load the pipeline outside the timings
    worst = 0.0
    for name in args.shape or SHAPES:
        sizes = [args.start * 2 ** i for i in range(args.doublings + 1)]
        times = [measure(SHAPES[name], size, args.repeat) for size in sizes]
        ratios = [b / max(a, 1e-6) for a, b in zip(times, times[1:])]
        ratio = statistics.median(ratios[-2:])
        worst = max(worst, ratio)
        cells = " ".join(f"{t * 1000:8.1f}" for t in times)
        flag = "" if ratio <= 2.3 else "  <-- superlinear"
        print(f"{name:<26} ms at {sizes[0]}..{sizes[-1]} chars: {cells}   ratio {ratio:4.2f}{flag}", flush=True)
    print(f"worst growth ratio per doubling: {worst:.2f} (linear = 2, target <= 2.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
