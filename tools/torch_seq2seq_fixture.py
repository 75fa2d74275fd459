"""Writes the PyTorch reference for a seq2seq model: an encoder and a decoder, each with its own embedding.

The layout of the common PyTorch seq2seq tutorials: Seq2Seq holds encoder (nn.Embedding ->
nn.GRU) and decoder (nn.Embedding -> nn.GRU -> nn.Linear), so the state dict has
encoder.embedding.weight, encoder.rnn.*, decoder.embedding.weight, decoder.rnn.* and
decoder.fc_out.*. Both embeddings are as wide as both GRUs' inputs, so only their place in
the model tells whose each is. Tests/LabTests/Fixtures/seq2seq_gru.safetensors is that state
dict, in float64; seq2seq_gru.json holds, for each module run alone from a zero state on its
own tokens, h_t at every step, and the decoder head's logits. Run: python3 tools/torch_seq2seq_fixture.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

torch.manual_seed(11)
torch.set_default_dtype(torch.float64)

SOURCE_VOCABULARY, TARGET_VOCABULARY, EMBEDDING, HIDDEN = 7, 9, 3, 4
SOURCE_TOKENS = [6, 0, 3, 5]
TARGET_TOKENS = [8, 2, 7, 1, 4]


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(SOURCE_VOCABULARY, EMBEDDING)
        self.rnn = torch.nn.GRU(EMBEDDING, HIDDEN)


class Decoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(TARGET_VOCABULARY, EMBEDDING)
        self.rnn = torch.nn.GRU(EMBEDDING, HIDDEN)
        self.fc_out = torch.nn.Linear(HIDDEN, TARGET_VOCABULARY)


class Seq2Seq(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()


model = Seq2Seq().eval()
with torch.no_grad():
    # (sequence, batch): the tutorials' layout
    encoded, _ = model.encoder.rnn(model.encoder.embedding(torch.tensor([SOURCE_TOKENS]).T))
    decoded, _ = model.decoder.rnn(model.decoder.embedding(torch.tensor([TARGET_TOKENS]).T))
    logits = model.decoder.fc_out(decoded)

folder = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "LabTests" / "Fixtures"
save_file(model.state_dict(), str(folder / "seq2seq_gru.safetensors"))
reference = {
    "source_tokens": SOURCE_TOKENS,
    "encoder_h": encoded[:, 0].tolist(),
    "target_tokens": TARGET_TOKENS,
    "decoder_h": decoded[:, 0].tolist(),
    "decoder_logits": logits[:, 0].tolist(),
}
(folder / "seq2seq_gru.json").write_text(json.dumps(reference, indent=1) + "\n")
