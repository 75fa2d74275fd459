#!/usr/bin/env python3
"""The adding-problem race of `rnnlab race ... adding 50` in PyTorch, for comparison.

usage: torch_adding_race.py rnn|lstm|gru [SEED]

Same setting as the lab: pairs (value ~ U[-1, 1], marker), one mark in each half of 50
steps, target the sum of the two marked values at the last step; hidden 32, batch 16,
1500 steps, Adam lr 0.01, global norm clipping at 1, LSTM forget-gate bias 1 (b_ih's
forget slice 1, b_hh's 0). Prints the smoothed final MSE and the MSE on 256 fresh
sequences. Needs torch; not part of `make test`.
"""
import sys
import torch
from torch import nn

torch.set_num_threads(1)
kind = sys.argv[1]
torch.manual_seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
T, H, B = 50, 32, 16

def batch(size=B):
    values = torch.rand(size, T) * 2 - 1
    marks = torch.zeros(size, T)
    rows = torch.arange(size)
    marks[rows, torch.randint(0, T // 2, (size,))] = 1
    marks[rows, torch.randint(T // 2, T, (size,))] = 1
    return torch.stack([values, marks], -1), (values * marks).sum(1, keepdim=True)

net = dict(rnn=nn.RNN, lstm=nn.LSTM, gru=nn.GRU)[kind](2, H, batch_first=True)
head = nn.Linear(H, 1)
if kind == "lstm":
    with torch.no_grad():
        net.bias_ih_l0[H:2 * H].fill_(1.0)
        net.bias_hh_l0[H:2 * H].fill_(0.0)
params = list(net.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(params, lr=0.01)
smoothed = None
for step in range(1500):
    x, y = batch()
    out, _ = net(x)
    loss = ((head(out[:, -1]) - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    smoothed = loss.item() if smoothed is None else 0.98 * smoothed + 0.02 * loss.item()
with torch.no_grad():
    x, y = batch(256)
    out, _ = net(x)
    fresh = ((head(out[:, -1]) - y) ** 2).mean().item()
print(f"{kind} seed {sys.argv[2] if len(sys.argv) > 2 else 1}: smoothed {smoothed:.5f}, fresh {fresh:.5f}")
