#!/usr/bin/env python3
"""rnnlab against PyTorch on this machine: the workloads of `rnnlab bench`, run by both
tools in turn, and each ratio next to the speed it should reach.

    python3 tools/bench_compare.py [--rnnlab PATH] [--python PATH] [--rounds N] [--cpu K] [--filter TEXT]

Each round runs every workload once with `rnnlab bench --json` and once with
tools/bench_torch.py, one right after the other, so that both see the same machine: on a
shared machine the speed of either can change by a third within minutes, and a ratio of
figures taken apart would measure that instead. The table shows the median over rounds of
each tool's median time, and their ratio. `--cpu K` pins both tools to processor K, which
steadies the figures where one processor is busier than another. `--python` names the
Python whose PyTorch runs the other side (a virtual environment's `bin/python`, say, to
compare with another PyTorch version). Above the table, a line says how wide rnnlab's
kernels ran (eight doubles a vector with AVX-512, else four) and one which PyTorch ran.

`startup` is rnnlab's own wall time with `quit` piped in; it is held to 30 ms, not to a
ratio (PyTorch's is the time `import torch` takes). Needs torch.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

# The speed each workload should reach: PyTorch's median time over rnnlab's, at least.
TARGET_RATIOS = {
    "charlm_lstm_V65_H128_T25": 3.0,
    "charlm_rnn_V65_H100_T25": 5.0,
    "fwd_lstm_I8_H32_T100": 5.0,
    "fwdbwd_rnn_I1_H64_T200": 10.0,
    "fwdbwd_gru_I256_H256_T100": 1.0,
}
STARTUP_LIMIT_US = 30_000.0
TOOLS = os.path.dirname(os.path.abspath(__file__))


def run_json(command):
    """Runs a bench command and returns {name: median_us} from its JSON lines."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.strip()}")
    medians = {}
    for number, line in enumerate(result.stdout.splitlines(), start=1):
        try:
            record = json.loads(line)
            medians[record["name"]] = record["median_us"]
        except (json.JSONDecodeError, KeyError, TypeError):
            sys.exit(f"{' '.join(command)}: line {number} is not a bench record: {line[:120]!r}")
    return medians


def installed_torch(python):
    """The version of PyTorch that `python` imports, or None when it has none."""
    try:
        result = subprocess.run([python, "-c", "import torch; print(torch.__version__)"],
                                capture_output=True, text=True, check=False)
    except OSError as error:
        sys.exit(f"--python {python}: cannot run it ({error.strerror})")
    return result.stdout.strip() if result.returncode == 0 else None


def kernels_line(rnnlab):
    """The line `rnnlab bench` starts with, which says how wide its kernels run here."""
    result = subprocess.run([rnnlab, "bench", "--filter", "startup", "--repeat", "1"],
                            capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    return lines[0] if result.returncode == 0 and lines else "kernels: unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rnnlab", default=os.path.join(TOOLS, "..", ".build", "release", "rnnlab"),
                        help="the rnnlab executable (default: the release build)")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python that runs tools/bench_torch.py (default: this one)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both tools (default 3)")
    parser.add_argument("--cpu", type=int, default=None, help="pin both tools to this processor")
    parser.add_argument("--filter", default="", help="only workloads whose name contains TEXT")
    arguments = parser.parse_args()
    if arguments.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if not os.access(arguments.rnnlab, os.X_OK):
        sys.exit(f"no rnnlab executable at {arguments.rnnlab}: build it with `swift build -c release`")
    if arguments.cpu is not None:
        try:
            os.sched_setaffinity(0, {arguments.cpu})  # inherited by both tools
        except (OSError, ValueError) as error:
            sys.exit(f"--cpu {arguments.cpu}: cannot run there ({error}); this machine has processors 0–{os.cpu_count() - 1}")

    names = [name for name in list(TARGET_RATIOS) + ["startup"] if arguments.filter in name]
    if not names:
        sys.exit(f"no workload name contains {arguments.filter!r}")
    torch_version = None
    if names != ["startup"]:
        torch_version = installed_torch(arguments.python)
        if torch_version is None:
            sys.exit(f"PyTorch is not installed for {arguments.python} (pip install torch); only --filter startup runs without it")
    ours = {name: [] for name in names}
    theirs = {name: [] for name in names}
    for round_number in range(1, arguments.rounds + 1):
        for name in names:
            print(f"round {round_number}/{arguments.rounds}: {name}", file=sys.stderr)
            ours[name].append(run_json([arguments.rnnlab, "bench", "--json", "--filter", name])[name])
            if name != "startup":
                torch = run_json([arguments.python, os.path.join(TOOLS, "bench_torch.py"), "--filter", name])
                theirs[name].append(torch[name])

    def shown(microseconds):
        return f"{microseconds / 1000:.3f} ms" if microseconds >= 1000 else f"{microseconds:.1f} µs"

    print(f"rnnlab {kernels_line(arguments.rnnlab)}")
    if torch_version is not None:
        print(f"PyTorch {torch_version} ({arguments.python}), median of {arguments.rounds} "
              f"round{'s' if arguments.rounds != 1 else ''}")
    print(f"{'workload':28} {'rnnlab':>11} {'PyTorch':>11} {'ratio':>7} {'target':>8}  met")
    all_met = True
    for name in names:
        mine = statistics.median(ours[name])
        if name == "startup":
            met = mine <= STARTUP_LIMIT_US
            print(f"{name:28} {shown(mine):>11} {'':>11} {'':>7} {'≤ 30 ms':>8}  {'yes' if met else 'NO'}")
        else:
            other = statistics.median(theirs[name])
            ratio = other / mine
            met = ratio >= TARGET_RATIOS[name]
            print(f"{name:28} {shown(mine):>11} {shown(other):>11} {ratio:6.2f}× {TARGET_RATIOS[name]:7.1f}×  {'yes' if met else 'NO'}")
        all_met = all_met and met
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
