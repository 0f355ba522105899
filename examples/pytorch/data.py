"""Datasets and tokenization for the PyTorch example.

Readers: JSONL and CSV (text[, text pair], label fields), and the GLUE TSV layouts of SST-2, CoLA,
MRPC and RTE (a task folder with train.tsv / dev.tsv, or the files themselves).

Tokenization: with a pretrained folder that has vocab.txt, a simplified BERT tokenizer (lower-casing
and accent stripping when uncased, whitespace and punctuation splitting, greedy longest-match
WordPiece; no Chinese-character or control-character handling). Without one, a whole-word vocabulary
built from the training data (most frequent first, ties by spelling), which is enough for a model
trained from scratch.
"""

import collections
import csv
import json
import os
import unicodedata

import torch

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Column layouts of the GLUE TSV files: (has header, text column, pair column, label column).
GLUE = {
    "sst2": (True, 0, None, 1),
    "cola": (False, 3, None, 1),
    "mrpc": (True, 3, 4, 0),
    "rte": (True, 1, 2, 3),
}


def read_examples(path, kind, glue_task=None, text_field="text", pair_field=None, label_field="label", split="train"):
    """A list of (text, text pair or None, label string)."""
    if kind == "glue":
        if os.path.isdir(path):
            path = os.path.join(path, "train.tsv" if split == "train" else "dev.tsv")
        header, text, pair, label = GLUE[glue_task]
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        rows = rows[1:] if header else rows
        return [(r[text], r[pair] if pair is not None else None, r[label]) for r in rows if r]
    if kind == "jsonl":
        out = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    o = json.loads(line)
                    out.append((str(o[text_field]), str(o[pair_field]) if pair_field else None, str(o[label_field])))
        return out
    if kind == "csv":
        with open(path, newline="", encoding="utf-8") as f:
            return [(r[text_field], r[pair_field] if pair_field else None, r[label_field]) for r in csv.DictReader(f)]
    raise ValueError("unsupported data kind %r (jsonl, csv or glue)" % kind)


def basic_tokens(text, uncased):
    if uncased:
        text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
    out = []
    for word in text.split():
        current = ""
        for c in word:
            if unicodedata.category(c).startswith("P") or (c.isascii() and not c.isalnum()):
                if current:
                    out.append(current)
                    current = ""
                out.append(c)
            else:
                current += c
        if current:
            out.append(current)
    return out


class Tokenizer:
    def __init__(self, vocab, uncased, wordpiece):
        self.vocab = {token: i for i, token in enumerate(vocab)}
        self.uncased = uncased
        self.wordpiece = wordpiece
        self.unk = self.vocab["[UNK]"]

    @staticmethod
    def from_vocab_file(path, uncased):
        with open(path, encoding="utf-8") as f:
            return Tokenizer([line.rstrip("\n") for line in f], uncased, wordpiece=True)

    @staticmethod
    def from_examples(examples, uncased, limit=30000):
        counts = collections.Counter()
        for text, pair, _ in examples:
            counts.update(basic_tokens(text, uncased))
            if pair is not None:
                counts.update(basic_tokens(pair, uncased))
        words = sorted(counts, key=lambda w: (-counts[w], w))[:limit]
        return Tokenizer(SPECIAL + words, uncased, wordpiece=False)

    def ids(self, text):
        out = []
        for word in basic_tokens(text, self.uncased):
            out.extend(self._pieces(word) if self.wordpiece else [self.vocab.get(word, self.unk)])
        return out

    def _pieces(self, word):
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    pieces.append(self.vocab[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return pieces

    def encode(self, examples, labels, max_length):
        """Tensors (ids, token types, mask, labels), padded to max_length; pairs truncated longest first."""
        cls, sep, pad = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[PAD]"]
        n = len(examples)
        ids = torch.full((n, max_length), pad, dtype=torch.long)
        types = torch.zeros((n, max_length), dtype=torch.long)
        mask = torch.zeros((n, max_length), dtype=torch.long)
        for i, (text, pair, _) in enumerate(examples):
            a = self.ids(text)
            b = self.ids(pair) if pair is not None else []
            room = max_length - (3 if pair is not None else 2)
            while len(a) + len(b) > room:
                if len(a) >= len(b):
                    a.pop()
                else:
                    b.pop()
            row = [cls] + a + [sep] + (b + [sep] if pair is not None else [])
            ids[i, :len(row)] = torch.tensor(row)
            types[i, len(a) + 2:len(row)] = 1
            mask[i, :len(row)] = 1
        y = torch.tensor([labels[label] for _, _, label in examples], dtype=torch.long)
        return ids, types, mask, y


def split_examples(examples, fraction, seed):
    """A seeded train/validation split (its own generator: the split never depends on trial seeds)."""
    order = torch.randperm(len(examples), generator=torch.Generator().manual_seed(seed)).tolist()
    held = max(1, round(len(examples) * fraction))
    return [examples[i] for i in sorted(order[held:])], [examples[i] for i in sorted(order[:held])]
