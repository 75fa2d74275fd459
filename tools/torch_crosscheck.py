#!/usr/bin/env python3
"""Check `rnnlab eval` against PyTorch on random or given models.

usage: torch_crosscheck.py RNNLAB [CASE.json ...]

With case files (the fixture layout: params, x, h0, c0, dy, kind), each is run through
PyTorch and through `rnnlab eval --json`; without, a set of random configurations is
generated. Every output, final state, loss, gradient and trace value is compared; the
largest absolute difference is printed per case, and the exit status is 1 when any
exceeds 1e-9. PyTorch's gradients are recomputed here with a fresh backward pass.
Needs torch (pip install torch); not part of `make test`.
"""
import json, os, subprocess, sys, tempfile
import torch
from torch import nn

torch.set_default_dtype(torch.float64)

def module_for(kind, i, h, layers, bidir):
    if kind == "lstm":
        return nn.LSTM(i, h, num_layers=layers, bidirectional=bidir)
    if kind == "gru":
        return nn.GRU(i, h, num_layers=layers, bidirectional=bidir)
    return nn.RNN(i, h, num_layers=layers, bidirectional=bidir, nonlinearity=kind.split("_")[1])

def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + b"".join(blobs))

def reference(kind, mod, x, h0, c0, dy):
    x = x.clone().requires_grad_(); h0 = h0.clone().requires_grad_()
    if kind == "lstm":
        c0 = c0.clone().requires_grad_()
        out, (hn, cn) = mod(x, (h0, c0))
    else:
        out, hn = mod(x, h0); cn = None
    mod.zero_grad()
    loss = (out * dy).sum()
    loss.backward()
    result = {"output": out, "h_n": hn, "loss": loss,
              "grads": {"x": x.grad, "h0": h0.grad, **{k: v.grad for k, v in mod.named_parameters()}}}
    if cn is not None:
        result["c_n"] = cn; result["grads"]["c0"] = c0.grad
    return result

def max_diff(ours, theirs):
    a = torch.tensor(ours, dtype=torch.float64)
    return (a - theirs.detach()).abs().max().item() if a.numel() else 0.0

def check(rnnlab, name, kind, mod, x, h0, c0, dy):
    with tempfile.TemporaryDirectory() as folder:
        weights = os.path.join(folder, "w.safetensors")
        case = os.path.join(folder, "case.json")
        write_safetensors(weights, mod.state_dict())
        payload = {"x": x.tolist(), "h0": h0.tolist(), "dy": dy.tolist()}
        if c0 is not None:
            payload["c0"] = c0.tolist()
        with open(case, "w") as f:
            json.dump(payload, f)
        args = [rnnlab, "eval", "--weights", weights, "--case", case, "--json"]
        if kind == "rnn_relu":
            args += ["--nonlinearity", "relu"]
        ours = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    ref = reference(kind, mod, x, h0, c0, dy)
    worst = max(max_diff(ours[k], ref[k]) for k in ("output", "h_n", "loss") + (("c_n",) if "c_n" in ref else ()))
    for k, v in ref["grads"].items():
        worst = max(worst, max_diff(ours["grads"][k], v))
    print(f"{name:40s} max |difference| = {worst:.3e}")
    return worst

def random_cases():
    configs = [("lstm", 7, 9, 2, True, 13), ("gru", 5, 11, 1, False, 40), ("rnn_relu", 2, 8, 3, False, 30),
               ("rnn_tanh", 4, 6, 1, True, 17), ("gru", 6, 7, 3, True, 9), ("lstm", 1, 1, 1, False, 25),
               ("lstm", 10, 20, 3, True, 11), ("rnn_tanh", 3, 32, 2, False, 60)]
    for n, (kind, i, h, layers, bidir, t) in enumerate(configs):
        torch.manual_seed(1000 + n)
        mod = module_for(kind, i, h, layers, bidir)
        d = 2 if bidir else 1
        x = torch.randn(t, i); h0 = 0.5 * torch.randn(layers * d, h)
        c0 = 0.5 * torch.randn(layers * d, h) if kind == "lstm" else None
        yield f"{kind} I{i} H{h} L{layers}{' bi' if bidir else ''} T{t}", kind, mod, x, h0, c0, torch.randn(t, d * h)

def file_cases(paths):
    for path in paths:
        c = json.load(open(path))
        kind = c["kind"]
        mod = module_for(kind, c["input_size"], c["hidden_size"], c["num_layers"], c["bidirectional"])
        mod.load_state_dict({k: torch.tensor(v) for k, v in c["params"].items()})
        c0 = torch.tensor(c["c0"]) if "c0" in c else None
        yield os.path.basename(path), kind, mod, torch.tensor(c["x"]), torch.tensor(c["h0"]), c0, torch.tensor(c["dy"])

if __name__ == "__main__":
    rnnlab = sys.argv[1]
    cases = file_cases(sys.argv[2:]) if len(sys.argv) > 2 else random_cases()
    worst = max(check(rnnlab, *case) for case in cases)
    sys.exit(0 if worst <= 1e-9 else 1)
