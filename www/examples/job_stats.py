"""Job example for the DigitalHub demo console.

The run's parameters arrive as keyword arguments. The returned dictionary becomes the
run's result (status.results).
"""

import statistics


def main(numbers, label="sample"):
    values = [float(n) for n in numbers]
    print("computing statistics of %d values for %s" % (len(values), label))
    return {
        "label": label,
        "count": len(values),
        "mean": statistics.fmean(values),
        "stdev": statistics.pstdev(values),
    }
