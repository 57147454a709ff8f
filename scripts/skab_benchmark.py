#!/usr/bin/env python3
"""SKAB outlier-detection protocol for StreamAe: per experiment file, `streamae train` on its first 400 rows,
`streamae score` on the whole file (the daemon's decision path, replayed), a row is anomalous when the window ending
at it is flagged; F1 / FAR / MAR over the test rows (after the first 400) of all files together.

    scripts/skab_benchmark.py --streamae PATH/streamae --skab DIR [--arch pca] [--jobs 2] [--learn] [--score-option=…]

With --learn there is no train step: `score` learns the model from the first 400 rows (its warm-up) and keeps
learning from the rows it judges normal, as a daemon pipeline without a model file does.

Prints one line per file and the totals; standard library only.
"""
import argparse, concurrent.futures, csv, datetime, glob, os, subprocess, sys, tempfile

TRAIN_ROWS = 400


def epoch_ms(text):
    moment = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


def run_file(path, args, work):
    name = path.replace(os.sep, "_").strip("_")
    with open(path) as source:
        lines = source.readlines()
    train_csv = os.path.join(work, name + ".train.csv")
    with open(train_csv, "w") as target:
        target.writelines(lines[: TRAIN_ROWS + 1])
    model = os.path.join(work, name + ".sae")
    scores = os.path.join(work, name + ".scores.csv")
    train = [args.streamae, "train", "--data", train_csv, "--format", "csv", "--window", str(args.window), "--hop", "1",
             "--out", model, "--threads", "1"] + (["--arch", args.arch] if args.arch else []) + args.train_option
    score = [args.streamae, "score", "--model", model, "--data", path, "--format", "csv", "--out", scores,
             "--threads", "1"] + args.score_option
    if args.learn:
        # No train step: the score command learns its model from the series' first 400 rows (the warm-up) and keeps
        # learning from the rows it judges normal, as a daemon pipeline without a model file does.
        score = [args.streamae, "score", "--data", path, "--format", "csv", "--out", scores, "--threads", "1",
                 "--window", str(args.window), "--hop", "1", "--learning-warmup-windows", str(TRAIN_ROWS - args.window + 1)
                 ] + (["--learning-architecture", args.arch] if args.arch else []) + args.score_option
    for command in ([score] if args.learn else [train, score]):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    flagged = {}
    with open(scores) as rows:
        for row in csv.DictReader(rows):
            flagged[int(row["ts"])] = row["anomaly"] == "true"
    rows = list(csv.reader(lines[1:], delimiter=";"))
    labels = [float(r[-2]) == 1 for r in rows]
    verdicts = [flagged.get(epoch_ms(r[0]), False) for r in rows]
    return path, labels[TRAIN_ROWS:], verdicts[TRAIN_ROWS:]


def counts(labels, verdicts):
    tp = sum(l and v for l, v in zip(labels, verdicts))
    fp = sum((not l) and v for l, v in zip(labels, verdicts))
    fn = sum(l and (not v) for l, v in zip(labels, verdicts))
    tn = sum((not l) and (not v) for l, v in zip(labels, verdicts))
    return tp, fp, fn, tn


def summary(tp, fp, fn, tn):
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return f"F1 {f1:.3f}  FAR {100 * fp / max(fp + tn, 1):5.1f} %  MAR {100 * fn / max(fn + tp, 1):5.1f} %"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--streamae", required=True)
    parser.add_argument("--skab", required=True, help="SKAB's data folder (valve1/, valve2/, other/)")
    parser.add_argument("--arch", help="architecture; default: the product's own default for a csv series")
    parser.add_argument("--window", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--learn", action="store_true", help="learn the model from the stream (score without --model) instead of train + score")
    parser.add_argument("--train-option", action="append", default=[], help="extra train option (repeat)")
    parser.add_argument("--score-option", action="append", default=[], help="extra score option (repeat), e.g. --score-option=--threshold-mode=Static")
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.skab, "valve1", "*.csv")) + glob.glob(os.path.join(args.skab, "valve2", "*.csv"))
                   + glob.glob(os.path.join(args.skab, "other", "*.csv")))
    total = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as work, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for path, labels, verdicts in pool.map(lambda f: run_file(f, args, work), files):
            c = counts(labels, verdicts)
            total = [a + b for a, b in zip(total, c)]
            print(f"{os.path.relpath(path, args.skab):16} {summary(*c)}", flush=True)
    print(f"{'all ' + str(len(files)) + ' files':16} {summary(*total)}  (arch {args.arch or 'default'}{', learned from the stream' if args.learn else ''}, score options {' '.join(args.score_option) or 'defaults'})")


if __name__ == "__main__":
    main()
