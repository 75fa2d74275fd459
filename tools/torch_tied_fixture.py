"""Writes the PyTorch reference for a tied token model whose head has no bias.

PyTorch's word-language-model example with --tied: nn.Embedding(V, E) -> nn.LSTM(E, E) ->
nn.Linear(E, V, bias=False), with decoder.weight = encoder.weight. safetensors' save_model
keeps the shared tensor once, as decoder.weight, and records the name it left out in
__metadata__ ({"encoder.weight": "decoder.weight"}).
Tests/LabTests/Fixtures/tied_lstm_nobias.safetensors is that file, in float64;
tied_lstm_nobias.json holds the tokens fed, the shared weight, and the model's
next-token probabilities at every step. Run: python3 tools/torch_tied_fixture.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_model

torch.manual_seed(3)
torch.set_default_dtype(torch.float64)

VOCABULARY, WIDTH = 6, 3
TOKENS = [1, 4, 0, 5]


class RNNModel(torch.nn.Module):
    """The word-language-model example's RNNModel, tied, its decoder without a bias."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Embedding(VOCABULARY, WIDTH)
        self.rnn = torch.nn.LSTM(WIDTH, WIDTH)
        self.decoder = torch.nn.Linear(WIDTH, VOCABULARY, bias=False)
        self.decoder.weight = self.encoder.weight

    def forward(self, tokens):
        output, _ = self.rnn(self.encoder(tokens))
        return self.decoder(output)


model = RNNModel().eval()
with torch.no_grad():
    # (sequence, batch): the example's layout
    logits = model(torch.tensor([TOKENS]).T)[:, 0]

folder = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "LabTests" / "Fixtures"
save_model(model, str(folder / "tied_lstm_nobias.safetensors"))
reference = {
    "tokens": TOKENS,
    "encoder_weight": model.encoder.weight.tolist(),
    "probabilities": torch.softmax(logits, dim=-1).tolist(),
}
(folder / "tied_lstm_nobias.json").write_text(json.dumps(reference, indent=1) + "\n")
