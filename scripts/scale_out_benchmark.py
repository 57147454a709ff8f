#!/usr/bin/env python3
"""Scale-out benchmark for StreamAe: N = 1, 2, 3 `streamae run` daemons in ONE consumer group drain one backlog of
`chunk` messages, with the decision state changelog off and on.

    scripts/scale_out_benchmark.py --streamae PATH/streamae [--daemons 1 2 3] [--state off 100 17] [--repeat 1]
                                   [--partitions 48 --rate 800000 --duration 15]

--state lists the variants: `off`, or a number: the changelog on with `State:WriteEveryWindows` = that number (100 is
the default). In a backlog drain every series has windows to spare, so writes follow WriteEveryWindows (one record a
series every 100 windows = 3 500 samples); a live 10⁶-series deployment at 10 samples/s a series with
`WriteInterval=60s` writes one every 600 samples, which WriteEveryWindows=17 reproduces (17 × 35 = 595).

The cluster and the backlog come from the hidden `streamae bench paced-load` (the librdkafka mock cluster in a child
process, the paced suite's generator: 35-sample chunks, one series per 1 000 samples/s), which also creates the
changelog topic (`--extra-topic`; the mock cluster cannot create topics through the admin API) and holds the group's
first assignment 3 s (`--initial-rebalance-delay-ms`, Kafka's default), so that daemons started together share it: the
mock hands partitions on to later members only after about SessionTimeoutMs − 1 s. Daemons use the paced
and e2e suites' pipeline: dense ECG model, W = 140, hop 35, windows counted from arrival, file sink.

Throughput is read from each daemon's /metrics (streamae_detector_scored_windows_total, summed) polled every 0.1 s:
- "drain": from the first scored window of any daemon to the last expected window scored;
- "steady": the rate between 10 % of the expected windows (or the moment every daemon has scored a window, if
  later) and 90 % (start-up, group joins and the tail left out).
Start-up (spawn to first scored window) and the time until every daemon scored its first window (all joined) are
reported apart. CPU is utime + stime of every daemon from /proc/PID/stat, over the whole run (start-up included) and
over the drain alone (each daemon from its own first scored window); the broker's (the load process's) CPU over the
drain and the cores the whole box kept busy (/proc/stat) say what limits it. The load average is read from
/proc/loadavg before and after each run.

Standard library only.
"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

CHUNK = 35          # samples a paced-load message carries (PacedLoadGenerator.Chunk)
WINDOW = 140        # the paced/e2e suites' window length
HOP = CHUNK         # one window closes with every chunk
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
METRIC = re.compile(r"^(streamae_[a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15)
    except (FileNotFoundError, ProcessLookupError):
        return None


def box_busy_seconds():
    """CPU seconds all cores of the box spent busy (everything but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLOCK_TICKS


def peak_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return None


def scrape(port):
    """The counters this benchmark reads, summed over their labels; None while the endpoint is not up yet."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        match = METRIC.match(line)
        if match:
            values[match.group(1)] = values.get(match.group(1), 0.0) + float(match.group(3))
    return values


def train_model(args, work):
    model = os.path.join(work, "bench.model")
    command = [args.streamae, "train", "--data", "builtin:ecg5000-train", "--format", "ucr", "--window", str(WINDOW),
               "--arch", "dense", "--out", model]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return model


def start_cluster(args, work):
    """Starts paced-load, has it produce the backlog, returns (process, bootstrap, produce seconds)."""
    command = [args.streamae, "bench", "paced-load", "--topic", "scale", "--partitions", str(args.partitions),
               "--format", "chunk", "--rate", str(args.rate), "--duration", str(args.duration),
               "--extra-topic", "scale-state", "--initial-rebalance-delay-ms", str(args.initial_rebalance_delay_ms)]
    load = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=work)
    line = load.stdout.readline().strip()
    if not line.startswith("bootstrap "):
        load.kill()
        raise SystemExit(f"paced-load did not start its cluster (it said: {line!r})")
    bootstrap = line[len("bootstrap "):]
    clock = time.monotonic()
    load.stdin.write("go\n")
    load.stdin.flush()
    line = load.stdout.readline().strip()
    if line != "produced":
        load.kill()
        raise SystemExit(f"paced-load did not finish producing (it said: {line!r})")
    return load, bootstrap, time.monotonic() - clock


def start_daemon(args, index, state, bootstrap, model, work):
    port = free_port()
    home = os.path.join(work, f"daemon{index}")
    os.makedirs(home, exist_ok=True)
    settings = {
        "Kafka:BootstrapServers": bootstrap,
        "Kafka:GroupId": "scale",
        "Kafka:InstanceId": f"daemon{index}",
        "Kafka:FetchWaitMaxMs": "5",  # the mock broker holds an empty fetch for the whole wait
        "Kafka:AutoOffsetReset": "earliest",
        # as the state tests on the mock cluster: members learn of a rebalance within half a second (default 3 s)
        "Kafka:SessionTimeoutMs": "6000",
        "Kafka:HeartbeatIntervalMs": "500",
        "Logging:LogLevel:Microsoft.AspNetCore": "Warning",  # no log line per /metrics scrape
        "Http:Urls": f"http://127.0.0.1:{port}",
        "Scoring:ReloadIntervalMs": "0",
        "DeadLetter:Target": "File",
        "DeadLetter:FilePath": os.path.join(home, "dead-letters.jsonl"),
        "Sink:File:Path": os.path.join(home, "out.lp"),
        "Sink:File:MaxFileBytes": str(1 << 30),
        "Pipelines:0:Name": "scale",
        "Pipelines:0:Topics:0": "scale",
        "Pipelines:0:ModelPath": model,
        "Pipelines:0:Format:Format": "Chunk",
        "Pipelines:0:Window:WindowLength": str(WINDOW),
        "Pipelines:0:Window:Hop": str(HOP),
        # as the paced suite: each chunk carries its sending time, windows are counted from the first sample
        "Pipelines:0:Window:Alignment": "Arrival",
        "Pipelines:0:Window:OutOfOrder": "Accept",
        "Pipelines:0:State:Enabled": "true" if state else "false",
        "Pipelines:0:State:Topic": "scale-state",
        "Pipelines:0:State:WriteEveryWindows": str(state or 100),
    }
    command = [args.streamae, "run"]
    for key, value in settings.items():
        command += ["--set", f"{key}={value}"]
    log = open(os.path.join(home, "daemon.log"), "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=home)
    return {"process": process, "port": port, "log": log, "home": home}


def run_once(args, daemons, state, model, work):
    run_dir = tempfile.mkdtemp(prefix=f"n{daemons}-state{state}-", dir=work)
    load, bootstrap, produce_seconds = start_cluster(args, run_dir)
    series = max(1, round(args.rate / 1000))
    ticks = -(-int(args.duration * 1000) // CHUNK)
    expected = series * (ticks - (WINDOW // CHUNK - 1))  # a series' first window closes with its fourth chunk
    load_before = load_average()
    spawned = time.monotonic()
    fleet = [start_daemon(args, i, state, bootstrap, model, run_dir) for i in range(daemons)]
    timeline = []  # (seconds since spawn, [windows], [samples], [CPU s], [counters]) per daemon, broker CPU s, box busy s
    last_change, last_total = time.monotonic(), -1
    try:
        while True:
            now = time.monotonic()
            scraped = [scrape(d["port"]) for d in fleet]
            windows = [(s or {}).get("streamae_detector_scored_windows_total", 0.0) for s in scraped]
            samples = [(s or {}).get("streamae_ingest_samples_total", 0.0) for s in scraped]
            cpu = [cpu_seconds(d["process"].pid) for d in fleet]
            # the broker (mock cluster in the load process) and the whole box, to show what limits the drain
            timeline.append((now - spawned, windows, samples, cpu, scraped, cpu_seconds(load.pid), box_busy_seconds()))
            total = sum(windows)
            if total != last_total:
                last_change, last_total = now, total
            if total >= expected:
                break
            dead = [d for d in fleet if d["process"].poll() is not None]
            if dead:
                raise SystemExit(f"a daemon exited ({dead[0]['process'].returncode}); see {dead[0]['home']}/daemon.log")
            # the mock broker may have dropped the start of a partition (5 MiB a partition): stop when nothing moves
            if total > 0 and now - last_change > args.stall_seconds:
                break
            if now - spawned > args.timeout:
                break
            time.sleep(0.1)
        load_after = load_average()
        time.sleep(1)  # let windows re-read after a rebalance show in the counters (reported as duplicates)
        settled = [scrape(d["port"]) or {} for d in fleet]
        peaks = [peak_rss_mib(d["process"].pid) for d in fleet]
    finally:
        for d in fleet:
            d["process"].send_signal(signal.SIGTERM)
        for d in fleet:
            try:
                d["process"].wait(timeout=30)
            except subprocess.TimeoutExpired:
                d["process"].kill()
            d["log"].close()
        load.stdin.close()
        try:
            load.wait(timeout=20)
        except subprocess.TimeoutExpired:
            load.kill()
    result = summarize(daemons, state, expected, produce_seconds, timeline, settled, load_before, load_after, run_dir, args)
    result["peak_rss_mib"] = peaks
    return result


def crossing(timeline, target):
    """Seconds since spawn at which the summed windows reached target, interpolated between polls."""
    previous = None
    for point in timeline:
        total = sum(point[1])
        if total >= target:
            if previous is None or sum(previous[1]) == total:
                return point[0]
            before = sum(previous[1])
            return previous[0] + (point[0] - previous[0]) * (target - before) / (total - before)
        previous = point
    return None


def summarize(daemons, state, expected, produce_seconds, timeline, settled, load_before, load_after, run_dir, args):
    final = timeline[-1]
    scored = sum(final[1])
    first = next((p for p in timeline if sum(p[1]) > 0), final)
    all_joined = next((p for p in timeline if all(w > 0 for w in p[1])), None)
    done_at = crossing(timeline, expected) or final[0]
    drain = max(done_at - first[0], 1e-9)
    # Steady: from 10 % of the windows, or from when every daemon scores if that is later (a late joiner's rebalance
    # is start-up, not scaling), to 90 %.
    t90 = crossing(timeline, 0.9 * expected)
    t10 = crossing(timeline, 0.1 * expected)
    if t10 is not None and all_joined is not None and all_joined[0] > t10:
        t10 = all_joined[0]
    low = next((sum(p[1]) for p in timeline if p[0] >= t10), None) if t10 is not None else None
    steady = (0.9 * expected - low) / (t90 - t10) if low is not None and t90 is not None and t90 > t10 else float("nan")
    cpu_total = sum(c or 0 for c in final[3])
    broker_cpu = (final[5] or 0) - (first[5] or 0)
    box_cores_busy = (final[6] - first[6]) / max(final[0] - first[0], 1e-9)
    # Each daemon's CPU from its own first scored window: its model load, JIT and group join are start-up.
    cpu_drain = 0.0
    for d in range(len(final[1])):
        own_first = next((p for p in timeline if p[1][d] > 0), None)
        if own_first is not None:
            cpu_drain += (final[3][d] or 0) - (own_first[3][d] or 0)
    samples = expected * HOP  # every window past a series' first three chunks stands for one new chunk
    settled_windows = [s.get("streamae_detector_scored_windows_total", 0.0) for s in settled]
    writes = sum((s or {}).get("streamae_state_writes_total", 0.0) for s in final[4])  # during the run, not the stop
    result = {
        "daemons": daemons, "state": state, "expected_windows": expected, "scored_windows": scored,
        "duplicates": sum(settled_windows) - expected, "produce_s": produce_seconds,
        "startup_s": first[0], "steady_from_s": t10, "all_joined_s": all_joined[0] if all_joined else None, "drain_s": drain,
        "drain_windows_per_s": scored / drain if scored < expected else expected / drain,
        "steady_windows_per_s": steady, "share": [w / max(sum(settled_windows), 1) for w in settled_windows],
        "cpu_s_total": cpu_total, "cpu_s_drain": cpu_drain,
        "cpu_s_per_million_total": cpu_total / (samples / 1e6), "cpu_s_per_million_drain": cpu_drain / (samples / 1e6),
        "broker_cpu_s_per_million_drain": broker_cpu / (samples / 1e6), "box_cores_busy_drain": box_cores_busy,
        "state_writes": writes, "load_before": load_before, "load_after": load_after, "work": run_dir,
    }
    if scored < 0.99 * expected:
        print(f"warning: {scored:.0f} of {expected} windows scored (backlog dropped by the mock broker, or stalled); "
              f"see {run_dir}", file=sys.stderr)
    if not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    return result


def print_table(results):
    header = ("N", "state", "drain samples/s", "steady samples/s", "steady windows/s", "per-daemon share",
              "CPU s/M samples (drain)", "CPU s/M (with start-up)", "broker CPU s/M", "box cores busy", "start-up s", "all joined s", "drain s",
              "dup. windows", "state writes", "peak RSS MiB", "load avg before → after")
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    for r in results:
        steady = r["steady_windows_per_s"]
        cells = (str(r["daemons"]), f"on, every {r['state']}" if r["state"] else "off",
                 f"{r['drain_windows_per_s'] * HOP / 1e6:.2f} M",
                 # no steady rate when the drain is over before every daemon scores (too small a backlog)
                 "–" if steady != steady else f"{steady * HOP / 1e6:.2f} M", "–" if steady != steady else f"{steady:,.0f}", " / ".join(f"{100 * s:.0f} %" for s in r["share"]),
                 f"{r['cpu_s_per_million_drain']:.2f}", f"{r['cpu_s_per_million_total']:.2f}",
                 f"{r['broker_cpu_s_per_million_drain']:.2f}", f"{r['box_cores_busy_drain']:.2f} of {os.cpu_count()}",
                 f"{r['startup_s']:.1f}", "–" if r["all_joined_s"] is None else f"{r['all_joined_s']:.1f}",
                 f"{r['drain_s']:.1f}", f"{r['duplicates']:,.0f}", f"{r['state_writes']:,.0f}",
                 " / ".join(f"{m:.0f}" for m in r["peak_rss_mib"] if m is not None),
                 f"{r['load_before']} → {r['load_after']}")
        print("| " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--streamae", required=True, help="the built executable, e.g. src/Cli/bin/Release/net10.0/streamae")
    parser.add_argument("--daemons", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--state", nargs="+", default=["off", "100", "17"],
                        help="variants: off, or the changelog on with this State:WriteEveryWindows")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration (interleaved)")
    parser.add_argument("--partitions", type=int, default=48, help="input (and changelog) partitions; ≥ daemons")
    parser.add_argument("--rate", type=float, default=800_000, help="paced-load samples/s (one series per 1 000)")
    parser.add_argument("--duration", type=float, default=15, help="paced-load seconds: backlog = rate × duration samples")
    parser.add_argument("--initial-rebalance-delay-ms", type=int, default=3000,
                        help="the group's first assignment waits this long for members (Kafka's default 3 s), so the N daemons share it")
    parser.add_argument("--stall-seconds", type=float, default=10, help="stop a run when no window is scored this long")
    parser.add_argument("--timeout", type=float, default=300, help="longest run, from spawning the daemons")
    parser.add_argument("--keep", action="store_true", help="keep each run's folder (daemon logs, sink files)")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    args.streamae = os.path.abspath(args.streamae)
    work = tempfile.mkdtemp(prefix="streamae-scale-")
    print(f"work folder {work}; load average {load_average()}", flush=True)
    model = train_model(args, work)
    states = [0 if v == "off" else int(v) for v in args.state]
    results = []
    for attempt in range(args.repeat):
        for daemons in args.daemons:
            for state in states:
                result = run_once(args, daemons, state, model, work)
                results.append(result)
                print(json.dumps({k: v for k, v in result.items() if k != "work"}), flush=True)
    print()
    print_table(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
