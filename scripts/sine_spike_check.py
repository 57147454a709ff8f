#!/usr/bin/env python3
"""The sine + noise check of the sensor defaults: `streamae train` on 2 000 rows of a noisy sine, `streamae score`
on the next 5 000 rows with one spike, window 64, hop 1, every other setting the product's default. Prints how many
of the 64 windows that hold the spike are flagged and how many of the other windows are.

    scripts/sine_spike_check.py --streamae PATH/streamae [--train-option=--arch=dense] [--score-option=…]

Standard library only; the series is drawn from a fixed seed, so every run scores the same data.
"""
import argparse, csv, math, os, random, subprocess, tempfile

WINDOW, PERIOD, NOISE, TRAIN_ROWS, TEST_ROWS, SPIKE_AT, SPIKE = 64, 50, 0.1, 2000, 5000, 3000, 3.0

def write_series(directory):
    draw = random.Random(7)
    value = lambda i: math.sin(2 * math.pi * i / PERIOD) + draw.gauss(0, NOISE)
    train, test = os.path.join(directory, "train.csv"), os.path.join(directory, "test.csv")
    with open(train, "w") as out:
        out.write("time,value\n")
        out.writelines(f"{i},{value(i):.6f}\n" for i in range(TRAIN_ROWS))
    with open(test, "w") as out:
        out.write("time,value\n")
        for i in range(TEST_ROWS):
            out.write(f"{i},{value(i + TRAIN_ROWS) + (SPIKE if i == SPIKE_AT else 0):.6f}\n")
    return train, test

def run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--streamae", required=True)
    parser.add_argument("--train-option", action="append", default=[], help="extra train option (repeat)")
    parser.add_argument("--score-option", action="append", default=[], help="extra score option (repeat)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        train, test = write_series(work)
        model, scores = os.path.join(work, "sine.model"), os.path.join(work, "scores.csv")
        run([args.streamae, "train", "--data", train, "--format", "csv", "--window", str(WINDOW), "--hop", "1",
             "--out", model, "--quiet"] + args.train_option)
        run([args.streamae, "score", "--model", model, "--data", test, "--format", "csv", "--out", scores] + args.score_option)
        with open(scores) as source:
            rows = list(csv.DictReader(source))
    # A window is stamped with its last row: the windows ending at SPIKE_AT … SPIKE_AT + WINDOW - 1 hold the spike.
    holds_spike = lambda row: SPIKE_AT <= int(row["ts"]) < SPIKE_AT + WINDOW
    flagged = lambda selected: sum(row["anomaly"] == "true" for row in selected)
    spike = [row for row in rows if holds_spike(row)]
    normal = [row for row in rows if not holds_spike(row)]
    print(f"spike: {flagged(spike)} of {len(spike)} windows flagged; normal: {flagged(normal)} of {len(normal)} "
          f"windows flagged ({100 * flagged(normal) / len(normal):.2f} %)")

if __name__ == "__main__":
    main()
