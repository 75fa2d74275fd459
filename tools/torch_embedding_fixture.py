"""Writes the PyTorch reference for a whole token model: nn.Embedding -> nn.LSTM -> nn.Linear.

Tests/LabTests/Fixtures/embedding_lstm.safetensors holds the model's state dict as PyTorch
names it (encoder.embed.weight, encoder.rnn.weight_ih_l0, ..., decoder.weight, decoder.bias)
in float64; embedding_lstm.json holds the tokens fed, and what the model computes on them:
h_t and c_t at every step, the head's logits and log-probabilities, and the mean
cross-entropy of predicting each next token. Run: python3 tools/torch_embedding_fixture.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)

VOCABULARY, EMBEDDING, HIDDEN = 10, 3, 4
TOKENS = [5, 2, 9, 0, 7, 5]


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.rnn = torch.nn.LSTM(EMBEDDING, HIDDEN, batch_first=True)


class TokenModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = torch.nn.Linear(HIDDEN, VOCABULARY)

    def forward(self, tokens):
        output, state = self.encoder.rnn(self.encoder.embed(tokens))
        return self.decoder(output), output, state


model = TokenModel().eval()
tokens = torch.tensor([TOKENS])
with torch.no_grad():
    logits, output, (h_n, c_n) = model(tokens)
    # c_t at every step: the module one step at a time, carrying its state
    state, cells = None, []
    for t in range(len(TOKENS)):
        _, state = model.encoder.rnn(model.encoder.embed(tokens[:, t:t + 1]), state)
        cells.append(state[1][0, 0].tolist())
    loss = torch.nn.functional.cross_entropy(logits[0, :-1], tokens[0, 1:])

folder = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "LabTests" / "Fixtures"
folder.mkdir(parents=True, exist_ok=True)
save_file({name: tensor.contiguous() for name, tensor in model.state_dict().items()}, str(folder / "embedding_lstm.safetensors"))
reference = {
    "tokens": TOKENS,
    "x": model.encoder.embed(tokens)[0].tolist(),
    "h": output[0].tolist(),
    "c": cells,
    "h_n": h_n[0, 0].tolist(),
    "c_n": c_n[0, 0].tolist(),
    "logits": logits[0].tolist(),
    "log_probabilities": torch.log_softmax(logits[0], dim=-1).tolist(),
    "next_token_loss": loss.item(),
}
(folder / "embedding_lstm.json").write_text(json.dumps(reference, indent=1) + "\n")
