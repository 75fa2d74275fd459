#!/usr/bin/env python3
"""The workloads of `rnnlab bench`, run in PyTorch, printing the same JSON lines.

    python3 tools/bench_torch.py [--repeat N] [--filter TEXT]

PyTorch runs on the CPU with one thread, in float32, batch of one; rnnlab runs in
Float64. Timing is the same as rnnlab's: a warm-up of at least 50 ms (and 2 iterations)
estimates one iteration, then N repeats of enough iterations to last 10 ms each; the
median, fastest and slowest repeat are printed per iteration, in microseconds.

GFLOP/s uses rnnlab's count (Sources/rnnlab/Bench/FlopCount.swift): the matrix products
the model needs, 2 per multiply-add, a one-hot input counting nothing. The same number of
operations divided by each tool's median makes the two rates compare like the times.

`startup` here is the wall time of `python3 -c "import torch"`: what opening PyTorch costs,
next to rnnlab's start with `quit` piped in.
"""

import argparse
import json
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)


def flops_forward(gates, inputs, hidden, steps):
    return 2.0 * steps * gates * hidden * (inputs + hidden)


def flops_backward(gates, inputs, hidden, steps):
    return 2.0 * steps * gates * hidden * (2 * hidden + inputs)


def flops_head(classes, hidden, steps):
    return 3 * 2.0 * steps * classes * hidden


CELLS = {"rnn": (torch.nn.RNN, 1), "lstm": (torch.nn.LSTM, 4), "gru": (torch.nn.GRU, 3)}


def character_model(kind, vocabulary, hidden, steps):
    """One training step: one-hot input, the cell, a linear head, mean cross-entropy,
    BPTT, norm clipping at 5 over all gradients, Adam (lr 1e-3)."""
    cell, gates = CELLS[kind]
    name = f"charlm_{kind}_V{vocabulary}_H{hidden}_T{steps}"
    flops = flops_forward(gates, 0, hidden, steps) + flops_backward(gates, 0, hidden, steps) \
        + flops_head(vocabulary, hidden, steps)

    def prepare():
        torch.manual_seed(1)
        network = cell(vocabulary, hidden)
        head = torch.nn.Linear(hidden, vocabulary)
        parameters = list(network.parameters()) + list(head.parameters())
        optimizer = torch.optim.Adam(parameters, lr=1e-3)
        symbols = torch.randint(0, vocabulary, (steps + 1,))
        x = F.one_hot(symbols[:-1], vocabulary).to(torch.float32).unsqueeze(1)  # (T, 1, V)
        targets = symbols[1:]

        def step():
            optimizer.zero_grad(set_to_none=True)
            output, _ = network(x)
            loss = F.cross_entropy(head(output.squeeze(1)), targets)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 5.0)
            optimizer.step()
        return step
    return name, flops, prepare


def forward_only(kind, inputs, hidden, steps):
    cell, gates = CELLS[kind]
    name = f"fwd_{kind}_I{inputs}_H{hidden}_T{steps}"

    def prepare():
        torch.manual_seed(1)
        network = cell(inputs, hidden)
        x = torch.rand(steps, 1, inputs) * 2 - 1

        def run():
            with torch.no_grad():
                network(x)
        return run
    return name, flops_forward(gates, inputs, hidden, steps), prepare


def forward_backward(kind, inputs, hidden, steps):
    """Forward, then backward of L = sum(output * dy): every parameter gradient, no input gradient."""
    cell, gates = CELLS[kind]
    name = f"fwdbwd_{kind}_I{inputs}_H{hidden}_T{steps}"
    flops = flops_forward(gates, inputs, hidden, steps) + flops_backward(gates, inputs, hidden, steps)

    def prepare():
        torch.manual_seed(1)
        network = cell(inputs, hidden)
        x = torch.rand(steps, 1, inputs) * 2 - 1
        dy = torch.rand(steps, 1, hidden) * 2 - 1

        def run():
            for parameter in network.parameters():
                parameter.grad = None
            output, _ = network(x)
            output.backward(dy)  # the gradient of sum(output * dy)
        return run
    return name, flops, prepare


def startup():
    def prepare():
        def run():
            subprocess.run([sys.executable, "-c", "import torch"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return run
    return "startup", None, prepare


WORKLOADS = [
    character_model("lstm", 65, 128, 25),
    character_model("rnn", 65, 100, 25),
    forward_only("lstm", 8, 32, 100),
    forward_backward("rnn", 1, 64, 200),
    forward_backward("gru", 256, 256, 100),
    startup(),
]


def measure(prepare, repeats, repeat_duration=0.01, warm_up_duration=0.05):
    iteration = prepare()
    count, start = 0, time.perf_counter()
    elapsed = 0.0
    while count < 2 or elapsed < warm_up_duration:
        iteration()
        count += 1
        elapsed = time.perf_counter() - start
    iterations = max(1, -int(-repeat_duration // (elapsed / count)))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iterations):
            iteration()
        times.append((time.perf_counter() - start) / iterations)
    times.sort()
    middle = len(times) // 2
    median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
    return median, times[0], times[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed repeats per workload")
    parser.add_argument("--filter", default=None, help="run only workloads whose name contains TEXT")
    arguments = parser.parse_args()
    for name, flops, prepare in WORKLOADS:
        if arguments.filter is not None and arguments.filter not in name:
            continue
        median, fastest, slowest = measure(prepare, arguments.repeat)
        print(json.dumps({
            "name": name,
            "median_us": round(median * 1e6, 3),
            "min_us": round(fastest * 1e6, 3),
            "max_us": round(slowest * 1e6, 3),
            "gflops": None if flops is None else round(flops / median / 1e9, 3),
        }), flush=True)


if __name__ == "__main__":
    main()
