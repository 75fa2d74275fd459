#!/usr/bin/env python3
"""Write the bias=False fixtures of Tests/RNNEngineTests/Fixtures (nobias_*.json).

usage: torch_nobias_fixtures.py RNNLAB OUTPUT_FOLDER

For each kind, `RNNLAB` makes the model the lab makes with
`model KIND --input 3 --hidden 4 --layers 2 --bidirectional --no-bias --seed 11` and saves
its weights; PyTorch loads them into `nn.RNN`/`nn.LSTM`/`nn.GRU(..., bias=False)` and runs
random x, h0, c0 and dy through it. The fixture holds the weights, the inputs, and what
PyTorch computes: output, h_n, c_n, L = sum(output * dy), and one backward pass's gradients.
Needs torch (pip install torch); not part of `make test`.
"""
import json, os, struct, subprocess, sys, tempfile
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
SHAPE = dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seed=11, seq_len=5)

def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F64", entry
        start, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[8 + length + start:8 + length + end]), dtype=torch.float64)
        tensors[name] = values.reshape(entry["shape"]).clone()
    return tensors

def lab_weights(rnnlab, kind):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "w.safetensors")
        script = (f"model {kind} --input {SHAPE['input_size']} --hidden {SHAPE['hidden_size']} --layers {SHAPE['num_layers']} "
                  f"--bidirectional --no-bias --seed {SHAPE['seed']} --name nb\nsave {path}\n")
        subprocess.run([rnnlab], input=script, text=True, check=True, capture_output=True)
        return read_safetensors(path)

def module_for(kind):
    arguments = dict(num_layers=SHAPE["num_layers"], bidirectional=SHAPE["bidirectional"], bias=False)
    i, h = SHAPE["input_size"], SHAPE["hidden_size"]
    if kind == "lstm":
        return nn.LSTM(i, h, **arguments)
    if kind == "gru":
        return nn.GRU(i, h, **arguments)
    return nn.RNN(i, h, nonlinearity="tanh", **arguments)

def fixture(rnnlab, kind, generator):
    module = module_for(kind)
    weights = lab_weights(rnnlab, kind)
    module.load_state_dict(weights, strict=True)  # exactly the module's tensors: no biases
    states = SHAPE["num_layers"] * 2
    x = torch.rand(SHAPE["seq_len"], SHAPE["input_size"], generator=generator) * 2 - 1
    h0 = torch.rand(states, SHAPE["hidden_size"], generator=generator) * 2 - 1
    c0 = torch.rand(states, SHAPE["hidden_size"], generator=generator) * 2 - 1
    dy = torch.rand(SHAPE["seq_len"], 2 * SHAPE["hidden_size"], generator=generator) * 2 - 1
    x.requires_grad_(); h0.requires_grad_(); c0.requires_grad_()
    if kind == "lstm":
        output, (h_n, c_n) = module(x, (h0, c0))
    else:
        output, h_n = module(x, h0); c_n = None
    loss = (output * dy).sum()
    module.zero_grad()
    loss.backward()
    name = "nobias_" + ("rnn_tanh" if kind == "rnn" else kind)
    result = {"name": name, "kind": "rnn_tanh" if kind == "rnn" else kind, **SHAPE, "bias": False,
              "loss_definition": "L = sum(output * dy)",
              "params": {k: v.tolist() for k, v in weights.items()},
              "x": x.tolist(), "h0": h0.tolist(), "dy": dy.tolist(),
              "output": output.tolist(), "h_n": h_n.tolist(), "loss": loss.item(),
              "grads": {"x": x.grad.tolist(), "h0": h0.grad.tolist(),
                        **{k: v.grad.tolist() for k, v in module.named_parameters()}}}
    if kind == "lstm":
        result["c0"] = c0.tolist(); result["c_n"] = c_n.tolist(); result["grads"]["c0"] = c0.grad.tolist()
    return name, result

def main():
    rnnlab, folder = sys.argv[1], sys.argv[2]
    generator = torch.Generator().manual_seed(2024)
    for kind in ["rnn", "lstm", "gru"]:
        name, result = fixture(rnnlab, kind, generator)
        with open(os.path.join(folder, name + ".json"), "w") as f:
            json.dump(result, f, separators=(",", ":"))
        print(f"wrote {name}.json")

if __name__ == "__main__":
    main()
