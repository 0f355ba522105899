#!/usr/bin/env python3
"""PyTorch reference for SweepCluster's BERT engine (tests/Training.Tests/Parity).

A plain-PyTorch BERT for sequence classification, written from the architecture with torch only
(no transformers, no safetensors package), used to check the C# model's logits, loss and every
parameter gradient against autograd.

Usage: bert_parity.py DIR

DIR holds what the C# test wrote:
  config.json        Hugging Face BERT config (num_labels via id2label)
  model.safetensors  parameters under Hugging Face BertForSequenceClassification names, F32
  batch.json         {"input_ids": [[...]], "token_type_ids": [[...]], "attention_mask": [[...]],
                      "labels": [...] (ints; floats for regression), "tasks": ["forward_backward", ...]}
and the script writes DIR/torch_out.safetensors with one group of tensors per task and a
"__metadata__" map of scalars.

Tasks (run in the order given; each reads the same inputs):
  forward_backward  logits -> "logits"; mean loss -> metadata "loss";
                    d(loss)/d(param) -> "grad/<name>" for every parameter.
  train_steps       what SweepCluster's FineTuner does per optimizer step, for the steps in
                    batch["train"]: zero the gradients; for each micro-batch, forward, loss x share,
                    backward (gradient accumulation); clip_grad_norm_ (when max_norm > 0);
                    torch.optim.AdamW with two param groups (no weight decay for biases and
                    LayerNorm weights, as Hugging Face's run_glue.py); then the linear warm-up
                    schedule (transformers' get_linear_schedule_with_warmup, written out: warm-up
                    steps = ceil(total_steps x warmup_ratio)). Writes "param/<name>", "exp_avg/<name>",
                    "exp_avg_sq/<name>" after the last step, "grad<k>/<name>" (step k's
                    gradient after clipping, k from 1), and metadata "lrs", "norms", "losses" (JSON lists).
                    batch["train"] = {"lr", "betas", "eps", "weight_decay", "max_norm",
                    "total_steps", "warmup_ratio", "steps": [[{"input_ids", "token_type_ids",
                    "attention_mask", "labels", "share"}, ...micro-batches], ...steps]}.
To add a task, write a function task(model, batch, out_tensors, out_meta) and register it in
TASKS; batch.json can carry the task's hyper-parameters.
"""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F


# ---------------------------------------------------------------- safetensors (F32 only)

def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    base = 8 + n
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} has dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        if end == begin:
            tensors[name] = torch.zeros(shape, dtype=torch.float32)
            continue
        data = torch.frombuffer(bytearray(raw[base + begin:base + end]), dtype=torch.float32)
        tensors[name] = data.reshape(shape).clone()
    return tensors


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        flat = t.detach().to(torch.float32).contiguous().flatten().tolist()
        data = struct.pack(f"<{len(flat)}f", *flat)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for c in chunks:
            f.write(c)


# ---------------------------------------------------------------- model

class Bert:
    def __init__(self, config, params):
        self.c = config
        self.p = {k: v.requires_grad_(True) for k, v in params.items()}
        self.num_labels = int(config.get("num_labels", len(config.get("id2label", {})) or 2))
        for key in ("hidden_dropout_prob", "attention_probs_dropout_prob"):
            if float(config.get(key, 0.1)) != 0.0:
                raise SystemExit(f"parity runs without dropout: set {key} to 0")
        if config.get("hidden_act", "gelu") != "gelu":
            raise SystemExit("only hidden_act gelu is implemented")

    def linear(self, x, name):
        return F.linear(x, self.p[name + ".weight"], self.p[name + ".bias"])

    def norm(self, x, name):
        h = self.c["hidden_size"]
        return F.layer_norm(x, (h,), self.p[name + ".weight"], self.p[name + ".bias"], float(self.c.get("layer_norm_eps", 1e-12)))

    def logits(self, ids, types, mask):
        c, p = self.c, self.p
        b, s = ids.shape
        h = c["hidden_size"]
        heads = c["num_attention_heads"]
        d = h // heads
        positions = torch.arange(s).unsqueeze(0).expand(b, s)
        x = F.embedding(ids, p["bert.embeddings.word_embeddings.weight"], padding_idx=int(c.get("pad_token_id", 0)))
        x = x + F.embedding(types, p["bert.embeddings.token_type_embeddings.weight"])
        x = x + F.embedding(positions, p["bert.embeddings.position_embeddings.weight"])
        x = self.norm(x, "bert.embeddings.LayerNorm")
        additive = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min

        def split(t):
            return t.view(b, s, heads, d).permute(0, 2, 1, 3)

        for i in range(c["num_hidden_layers"]):
            pre = f"bert.encoder.layer.{i}."
            q = split(self.linear(x, pre + "attention.self.query"))
            k = split(self.linear(x, pre + "attention.self.key"))
            v = split(self.linear(x, pre + "attention.self.value"))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + additive
            probs = torch.softmax(scores, dim=-1)
            context = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(b, s, h)
            x = self.norm(self.linear(context, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
            inner = F.gelu(self.linear(x, pre + "intermediate.dense"))  # exact erf form
            x = self.norm(self.linear(inner, pre + "output.dense") + x, pre + "output.LayerNorm")

        pooled = torch.tanh(self.linear(x[:, 0], "bert.pooler.dense"))
        return self.linear(pooled, "classifier")

    def loss(self, logits, labels):
        if self.num_labels == 1:
            return F.mse_loss(logits.squeeze(-1), torch.tensor(labels, dtype=torch.float32))
        return F.cross_entropy(logits, torch.tensor(labels, dtype=torch.long))


# ---------------------------------------------------------------- tasks

def forward_backward(model, batch, out, meta):
    ids = torch.tensor(batch["input_ids"], dtype=torch.long)
    types = torch.tensor(batch["token_type_ids"], dtype=torch.long)
    mask = torch.tensor(batch["attention_mask"], dtype=torch.long)
    for t in model.p.values():
        t.grad = None
    logits = model.logits(ids, types, mask)
    loss = model.loss(logits, batch["labels"])
    loss.backward()
    out["logits"] = logits
    for name, t in model.p.items():
        out["grad/" + name] = t.grad if t.grad is not None else torch.zeros_like(t)
    meta["loss"] = repr(loss.item())


# Hugging Face run_glue.py's exclusion list, matched on the parameter names (independent of the C# flags).
NO_DECAY = ("bias", "LayerNorm.weight")


def linear_warmup(warmup, total):
    def multiplier(step):
        if step < warmup:
            return float(step) / float(max(1, warmup))
        return max(0.0, float(total - step) / float(max(1, total - warmup)))
    return multiplier


def train_steps(model, batch, out, meta):
    spec = batch["train"]
    names = list(model.p)
    params = [model.p[n] for n in names]
    groups = [
        {"params": [model.p[n] for n in names if not any(nd in n for nd in NO_DECAY)], "weight_decay": spec["weight_decay"]},
        {"params": [model.p[n] for n in names if any(nd in n for nd in NO_DECAY)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"])
    warmup = math.ceil(spec["total_steps"] * spec["warmup_ratio"])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, linear_warmup(warmup, spec["total_steps"]))
    lrs, norms, losses = [], [], []
    for index, step in enumerate(spec["steps"]):
        optimizer.zero_grad(set_to_none=False)
        step_loss = 0.0
        for micro in step:
            ids = torch.tensor(micro["input_ids"], dtype=torch.long)
            types = torch.tensor(micro["token_type_ids"], dtype=torch.long)
            mask = torch.tensor(micro["attention_mask"], dtype=torch.long)
            loss = model.loss(model.logits(ids, types, mask), micro["labels"])
            (loss * micro["share"]).backward()
            step_loss += loss.item() * micro["share"]
        norm = float("nan")
        if spec["max_norm"] > 0:
            norm = float(torch.nn.utils.clip_grad_norm_(params, spec["max_norm"]))
        for name, t in model.p.items():
            out[f"grad{index + 1}/{name}"] = t.grad.clone()
        lrs.append(optimizer.param_groups[0]["lr"])
        norms.append(norm)
        losses.append(step_loss)
        optimizer.step()
        scheduler.step()
    for name, t in model.p.items():
        state = optimizer.state[t]
        out["param/" + name] = t.detach()
        out["exp_avg/" + name] = state["exp_avg"]
        out["exp_avg_sq/" + name] = state["exp_avg_sq"]
    meta["lrs"] = json.dumps(lrs)
    meta["norms"] = json.dumps(norms)
    meta["losses"] = json.dumps(losses)


TASKS = {"forward_backward": forward_backward, "train_steps": train_steps}


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    folder = argv[1]
    torch.manual_seed(0)
    with open(f"{folder}/config.json") as f:
        config = json.load(f)
    with open(f"{folder}/batch.json") as f:
        batch = json.load(f)
    model = Bert(config, read_safetensors(f"{folder}/model.safetensors"))
    out, meta = {}, {"torch_version": torch.__version__}
    for task in batch.get("tasks", ["forward_backward"]):
        if task not in TASKS:
            raise SystemExit(f"unknown task {task}; known: {sorted(TASKS)}")
        TASKS[task](model, batch, out, meta)
    write_safetensors(f"{folder}/torch_out.safetensors", out, meta)


if __name__ == "__main__":
    main(sys.argv)
