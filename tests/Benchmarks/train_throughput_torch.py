#!/usr/bin/env python3
"""PyTorch side of the `train-throughput` benchmark (tests/Benchmarks/TrainThroughputBenchmark.cs).

A plain-PyTorch BERT for sequence classification (the architecture of tests/Parity/bert_parity.py,
plus dropout), trained exactly as a Hugging Face fine-tuning step does: forward with dropout,
cross-entropy, backward, clip_grad_norm_(1.0), torch.optim.AdamW (weight decay 0.01 except biases and
LayerNorm weights), LambdaLR linear warm-up/decay, zero_grad.

Usage: train_throughput_torch.py --threads N [--seed S] [--warmup W] [--vocab V] [--hidden H]
       [--layers L] [--heads A] [--intermediate I] [--seq S] [--batch B]

Run with OPENBLAS_NUM_THREADS=N (the parent does): otherwise OpenBLAS oversubscribes the cores.
It prints "ready" after W warm-up steps, then serves commands from stdin, one per line:
  run K   trains K steps and prints "done <seconds>"
  stats   prints "stats peak_rss_kb=<ru_maxrss> torch=<version> threads=<n>"
  quit    exits
"""
import argparse
import math
import resource
import sys
import time

import torch
import torch.nn.functional as F


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--vocab", type=int, default=30522)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--intermediate", type=int, default=512)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--examples", type=int, default=1024)
    return p.parse_args()


class Bert:
    def __init__(self, a, generator):
        self.a = a
        h, i = a.hidden, a.intermediate
        shapes = {
            "bert.embeddings.word_embeddings.weight": (a.vocab, h),
            "bert.embeddings.position_embeddings.weight": (512, h),
            "bert.embeddings.token_type_embeddings.weight": (2, h),
            "bert.embeddings.LayerNorm.weight": (h,),
            "bert.embeddings.LayerNorm.bias": (h,),
        }
        for n in range(a.layers):
            pre = f"bert.encoder.layer.{n}."
            for name, (o, k) in {
                "attention.self.query": (h, h), "attention.self.key": (h, h), "attention.self.value": (h, h),
                "attention.output.dense": (h, h), "intermediate.dense": (i, h), "output.dense": (h, i),
            }.items():
                shapes[pre + name + ".weight"] = (o, k)
                shapes[pre + name + ".bias"] = (o,)
            for name in ("attention.output.LayerNorm", "output.LayerNorm"):
                shapes[pre + name + ".weight"] = (h,)
                shapes[pre + name + ".bias"] = (h,)
        shapes.update({"bert.pooler.dense.weight": (h, h), "bert.pooler.dense.bias": (h,),
                       "classifier.weight": (2, h), "classifier.bias": (2,)})
        self.p = {}
        for name, shape in shapes.items():
            if "LayerNorm" in name:
                t = torch.ones(shape) if name.endswith(".weight") else torch.zeros(shape)
            elif name.endswith(".bias"):
                t = torch.zeros(shape)
            else:
                t = torch.randn(shape, generator=generator) * 0.02
            self.p[name] = t.requires_grad_(True)
        with torch.no_grad():
            self.p["bert.embeddings.word_embeddings.weight"][0].zero_()

    def linear(self, x, name):
        return F.linear(x, self.p[name + ".weight"], self.p[name + ".bias"])

    def norm(self, x, name):
        return F.layer_norm(x, (self.a.hidden,), self.p[name + ".weight"], self.p[name + ".bias"], 1e-12)

    def logits(self, ids, types, mask):
        p, drop = self.p, 0.1
        b, s = ids.shape
        h, heads = self.a.hidden, self.a.heads
        d = h // heads
        positions = torch.arange(s).unsqueeze(0).expand(b, s)
        x = F.embedding(ids, p["bert.embeddings.word_embeddings.weight"], padding_idx=0)
        x = x + F.embedding(types, p["bert.embeddings.token_type_embeddings.weight"])
        x = x + F.embedding(positions, p["bert.embeddings.position_embeddings.weight"])
        x = F.dropout(self.norm(x, "bert.embeddings.LayerNorm"), drop, True)
        additive = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min

        def split(t):
            return t.view(b, s, heads, d).permute(0, 2, 1, 3)

        for n in range(self.a.layers):
            pre = f"bert.encoder.layer.{n}."
            q = split(self.linear(x, pre + "attention.self.query"))
            k = split(self.linear(x, pre + "attention.self.key"))
            v = split(self.linear(x, pre + "attention.self.value"))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + additive
            probs = F.dropout(torch.softmax(scores, dim=-1), drop, True)
            context = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(b, s, h)
            attn = F.dropout(self.linear(context, pre + "attention.output.dense"), drop, True)
            x = self.norm(attn + x, pre + "attention.output.LayerNorm")
            inner = F.gelu(self.linear(x, pre + "intermediate.dense"))
            out = F.dropout(self.linear(inner, pre + "output.dense"), drop, True)
            x = self.norm(out + x, pre + "output.LayerNorm")

        pooled = F.dropout(torch.tanh(self.linear(x[:, 0], "bert.pooler.dense")), drop, True)
        return self.linear(pooled, "classifier")


def make_data(a, generator):
    """Half the examples fill the sequence, half are shorter (16..S-1 tokens) and padded."""
    ids = torch.zeros(a.examples, a.seq, dtype=torch.long)
    mask = torch.zeros(a.examples, a.seq, dtype=torch.long)
    for e in range(a.examples):
        n = a.seq if e % 2 == 0 else int(torch.randint(16, a.seq, (1,), generator=generator))
        ids[e, :n] = torch.randint(1000, a.vocab, (n,), generator=generator)
        ids[e, 0], ids[e, n - 1] = 101, 102
        mask[e, :n] = 1
    labels = torch.randint(0, 2, (a.examples,), generator=generator)
    return ids, torch.zeros_like(ids), mask, labels


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    generator = torch.Generator().manual_seed(a.seed)
    model = Bert(a, generator)
    ids, types, mask, labels = make_data(a, generator)
    decay = [t for n, t in model.p.items() if not (n.endswith(".bias") or "LayerNorm" in n)]
    no_decay = [t for n, t in model.p.items() if n.endswith(".bias") or "LayerNorm" in n]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)
    total, warm = 1_000_000, 100_000
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: s / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    params = list(model.p.values())
    state = {"order": torch.randperm(a.examples, generator=generator), "at": 0}

    def step():
        if state["at"] + a.batch > a.examples:
            state["order"], state["at"] = torch.randperm(a.examples, generator=generator), 0
        rows = state["order"][state["at"]:state["at"] + a.batch]
        state["at"] += a.batch
        s = int(mask[rows].sum(1).max())  # trim to the longest example, as the C# trainer does
        logits = model.logits(ids[rows, :s], types[rows, :s], mask[rows, :s])
        loss = F.cross_entropy(logits, labels[rows])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        return s

    for _ in range(a.warmup):
        step()
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "run":
            start = time.perf_counter()
            shortest = a.seq
            for _ in range(int(words[1])):
                shortest = min(shortest, step())
            print(f"done {time.perf_counter() - start:.6f} {shortest}", flush=True)
        elif words[0] == "stats":
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"stats peak_rss_kb={peak} torch={torch.__version__} threads={torch.get_num_threads()}", flush=True)
        elif words[0] == "quit":
            return
        else:
            print(f"error unknown command {words[0]}", flush=True)


if __name__ == "__main__":
    main()
