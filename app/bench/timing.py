"""Interleaved rounds, robust summaries and the load on the machine while measuring."""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


def load_average() -> float:
    """The 1-minute load average (0.0 where the OS has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class LoadWindow:
    """Load averages sampled during a measurement."""

    samples: list[float] = field(default_factory=list)

    def sample(self) -> None:
        self.samples.append(load_average())

    def describe(self) -> str:
        if not self.samples:
            return "n/a"
        return (f"{statistics.median(self.samples):.2f} "
                f"(min {min(self.samples):.2f}, max {max(self.samples):.2f})")


def interleaved(contenders: dict[str, Callable[[], float]], rounds: int,
                load: LoadWindow | None = None) -> dict[str, list[float]]:
    """Run every contender once per round, rotating the order; the values each returned.

    Each callable measures itself and returns its figure (seconds, tokens/s...).
    """
    names = list(contenders)
    results: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            if load is not None:
                load.sample()
            results[name].append(contenders[name]())
    return results


def paired_ratio(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    """Median of the per-round ratios (rounds are paired: same moment, same load)."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True) if b)
