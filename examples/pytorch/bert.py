"""A BERT-style encoder classifier in plain PyTorch, with parameter names matching Hugging Face's
BertForSequenceClassification, and a reader for Hugging Face folders (config.json +
model.safetensors) that needs neither `transformers` nor `safetensors`.

Randomness is explicit: every initialization takes a torch.Generator, and dropout draws its masks
from its own generator (SeededDropout), so the weight-init seed, the data-order seed and dropout are
separate streams.
"""

import json
import math
import os

import torch
import torch.nn.functional as F
from torch import nn


class Config:
    """The architecture. Field names follow Hugging Face's BertConfig."""

    def __init__(self, vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                 intermediate_size=128, max_position_embeddings=512, type_vocab_size=2,
                 layer_norm_eps=1e-12, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1):
        if hidden_size % num_attention_heads:
            raise ValueError("hidden_size %d is not divisible by num_attention_heads %d" % (hidden_size, num_attention_heads))
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.layer_norm_eps = layer_norm_eps
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob

    @staticmethod
    def from_folder(folder):
        with open(os.path.join(folder, "config.json")) as f:
            raw = json.load(f)
        if raw.get("hidden_act", "gelu") != "gelu":
            raise ValueError("only hidden_act 'gelu' is supported, got %r" % raw["hidden_act"])
        names = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                 "max_position_embeddings", "type_vocab_size", "layer_norm_eps"]
        return Config(**{n: raw[n] for n in names if n in raw})


class SeededDropout(nn.Module):
    """Inverted dropout whose masks come from a given generator (torch's own dropout cannot take one)."""

    def __init__(self, p, generator):
        super().__init__()
        self.p = p
        self.generator = generator

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator, device=x.device, dtype=x.dtype) >= self.p
        return x * keep / (1.0 - self.p)


class Embeddings(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = SeededDropout(c.hidden_dropout_prob, dropout)

    def forward(self, ids, types):
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(types)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.heads = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = SeededDropout(c.attention_probs_dropout_prob, dropout)

    def forward(self, x, mask_bias):
        b, t, h = x.shape
        d = h // self.heads

        def split(y):
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask_bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        return (probs @ v).transpose(1, 2).reshape(b, t, h)


class DenseNorm(nn.Module):
    """dense → dropout → residual → LayerNorm (BertSelfOutput and BertOutput)."""

    def __init__(self, c, inputs, dropout):
        super().__init__()
        self.dense = nn.Linear(inputs, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = SeededDropout(c.hidden_dropout_prob, dropout)

    def forward(self, x, residual):
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class Attention(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.self = SelfAttention(c, dropout)
        self.output = DenseNorm(c, c.hidden_size, dropout)

    def forward(self, x, mask_bias):
        return self.output(self.self(x, mask_bias), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x):
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.attention = Attention(c, dropout)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c, c.intermediate_size, dropout)

    def forward(self, x, mask_bias):
        a = self.attention(x, mask_bias)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.layer = nn.ModuleList(Layer(c, dropout) for _ in range(c.num_hidden_layers))

    def forward(self, x, mask_bias):
        for layer in self.layer:
            x = layer(x, mask_bias)
        return x


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, x):
        return torch.tanh(self.dense(x[:, 0]))


class Bert(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.embeddings = Embeddings(c, dropout)
        self.encoder = Encoder(c, dropout)
        self.pooler = Pooler(c)

    def forward(self, ids, types, mask):
        mask_bias = (1.0 - mask[:, None, None, :].to(torch.float32)) * -10000.0
        return self.pooler(self.encoder(self.embeddings(ids, types), mask_bias))


class Classifier(nn.Module):
    """BertForSequenceClassification: encoder, pooler, dropout, linear head."""

    def __init__(self, c, labels, dropout):
        super().__init__()
        self.bert = Bert(c, dropout)
        self.dropout = SeededDropout(c.hidden_dropout_prob, dropout)
        self.classifier = nn.Linear(c.hidden_size, labels)

    def forward(self, ids, types, mask):
        return self.classifier(self.dropout(self.bert(ids, types, mask)))


def init_encoder(model, generator):
    """BERT's initialization of the encoder (normal(0, 0.02) weights, zero biases, unit LayerNorm)."""
    for module in model.bert.modules():
        _init(module, generator)


def init_head(model, generator):
    """The new classifier head: the only parameters the weight-initialization seed touches."""
    _init(model.classifier, generator)


def _init(module, generator):
    with torch.no_grad():
        if isinstance(module, (nn.Linear, nn.Embedding)):
            module.weight.normal_(0.0, 0.02, generator=generator)
        if isinstance(module, nn.Linear) and module.bias is not None:
            module.bias.zero_()
        if isinstance(module, nn.LayerNorm):
            module.weight.fill_(1.0)
            module.bias.zero_()


_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
           "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """Reads a .safetensors file: 8-byte little-endian header size, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + size].decode("utf-8"))
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError("%s: unsupported dtype %s" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        count = (end - begin) // torch.tensor([], dtype=dtype).element_size()
        flat = torch.frombuffer(data, dtype=dtype, count=count, offset=base + begin) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.clone().reshape(info["shape"])
    return tensors


def load_pretrained(model, folder):
    """Loads the encoder and pooler of a Hugging Face BERT folder into model.bert (the head stays new)."""
    tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    state = {}
    for name, tensor in tensors.items():
        name = name[len("bert."):] if name.startswith("bert.") else name
        name = name.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
        if name.startswith(("cls.", "classifier.")) or name.endswith("position_ids"):
            continue
        state[name] = tensor.to(torch.float32)
    expected = model.bert.state_dict()
    # Checkpoints saved from masked-LM models may lack the pooler: it then keeps its fresh initialization.
    optional = {k for k in expected if k.startswith("pooler.")}
    missing = sorted(set(expected) - set(state) - optional)
    if missing:
        raise ValueError("%s lacks %d encoder tensors, e.g. %s" % (folder, len(missing), ", ".join(missing[:3])))
    model.bert.load_state_dict({k: state[k] for k in expected if k in state}, strict=False)
