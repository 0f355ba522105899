"""Fine-tunes a BERT-style classifier with PyTorch and reports to a SweepCluster node.

Randomness comes from three separate generators, as in Dodge et al. (2020):
  --init-seed   the new classifier head's initialization (and nothing else);
  --order-seed  the order of training examples in every epoch;
  dropout       its own generator, seeded from both (init_seed * 1000003 + order_seed), recorded in
                TRIAL_DIR/manifest.json.
A model trained from scratch initializes its encoder from --encoder-seed (default 0), so that the
weight-init seed still touches the head only.

Validation runs --evals-per-epoch times per epoch. Checkpoints (weights, optimizer, schedule,
generator states, the epoch's permutation and position, the running loss) make a resumed run
report exactly the numbers an uninterrupted one would on the same machine and thread count.
It checkpoints and exits 0 when the node asks (SIGUSR1) or at SWEEP_PAUSE_AT_FRACTION, and every
--checkpoint-every evaluations. See examples/pytorch/README.md.
"""

import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import sweep_protocol as sweep  # noqa: E402  (the helper lives in examples/)

import bert  # noqa: E402
import data  # noqa: E402


def arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    flag = lambda s: s.lower() in ("1", "true", "yes")  # noqa: E731
    p.add_argument("--train", required=True)
    p.add_argument("--validation")
    p.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "glue"])
    p.add_argument("--glue-task", choices=sorted(data.GLUE))
    p.add_argument("--text-field", default="text")
    p.add_argument("--text-pair-field")
    p.add_argument("--label-field", default="label")
    p.add_argument("--validation-fraction", type=float, default=0.1)
    p.add_argument("--split-seed", type=int, default=0)
    p.add_argument("--pretrained")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--intermediate", type=int, default=128)
    p.add_argument("--max-length", type=int, default=64)
    p.add_argument("--uncased", type=flag, default=True)
    p.add_argument("--encoder-seed", type=int, default=0)
    p.add_argument("--init-seed", type=int, required=True)
    p.add_argument("--order-seed", type=int, required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--warmup-fraction", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--max-grad-norm", type=float, default=1.0)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--evals-per-epoch", type=int, default=10)
    p.add_argument("--metric", default="accuracy", choices=["accuracy", "f1", "mcc"])
    p.add_argument("--out", default=None, help="trial directory (default: SWEEP_TRIAL_DIR or the current directory)")
    p.add_argument("--resume")
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--checkpoint-every", type=int, default=0, help="checkpoint every N evaluations (0: only to pause)")
    return p.parse_args(argv)


def score(name, predictions, labels):
    p, y = predictions.tolist(), labels.tolist()
    tp = sum(1 for a, b in zip(p, y) if a == 1 and b == 1)
    tn = sum(1 for a, b in zip(p, y) if a == 0 and b == 0)
    fp = sum(1 for a, b in zip(p, y) if a == 1 and b == 0)
    fn = sum(1 for a, b in zip(p, y) if a == 0 and b == 1)
    if name == "accuracy":
        return sum(1 for a, b in zip(p, y) if a == b) / len(y)
    if name == "f1":
        return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return 0.0 if denominator == 0 else (tp * tn - fp * fn) / denominator


def evaluate(model, tensors, batch_size, metric, device):
    model.eval()
    ids, types, mask, y = tensors
    predictions, loss_sum = [], 0.0
    with torch.no_grad():
        for start in range(0, len(y), batch_size):
            batch = [t[start:start + batch_size] for t in (ids, types, mask, y)]
            logits = forward(model, batch, device)
            loss_sum += torch.nn.functional.cross_entropy(logits, batch[3].to(device), reduction="sum").item()
            predictions.append(logits.argmax(dim=-1).cpu())
    model.train()
    return score(metric, torch.cat(predictions), y), loss_sum / len(y)


def forward(model, batch, device):
    ids, types, mask = batch[0], batch[1], batch[2]
    width = max(1, int(mask.sum(dim=1).max()))  # drop columns that are padding in the whole batch
    return model(ids[:, :width].to(device), types[:, :width].to(device), mask[:, :width].to(device))


def is_evaluation(local_step, steps_per_epoch, evaluations):
    return local_step * evaluations // steps_per_epoch != (local_step - 1) * evaluations // steps_per_epoch


def main():
    args = arguments()
    sweep.install()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True, warn_only=True)
    device = torch.device(args.device)
    out = args.out or sweep.trial_dir()
    os.makedirs(os.path.join(out, "checkpoints"), exist_ok=True)

    # Data and tokenizer.
    train = data.read_examples(args.train, args.format, args.glue_task, args.text_field, args.text_pair_field, args.label_field, "train")
    if args.validation:
        valid = data.read_examples(args.validation, args.format, args.glue_task, args.text_field, args.text_pair_field, args.label_field, "dev")
    elif args.format == "glue" and os.path.isdir(args.train):
        valid = data.read_examples(args.train, "glue", args.glue_task, split="dev")
    else:
        train, valid = data.split_examples(train, args.validation_fraction, args.split_seed)
    labels = {label: i for i, label in enumerate(sorted({e[2] for e in train}))}
    if args.pretrained:
        config = bert.Config.from_folder(args.pretrained)
        tokenizer = data.Tokenizer.from_vocab_file(os.path.join(args.pretrained, "vocab.txt"), args.uncased)
    else:
        tokenizer = data.Tokenizer.from_examples(train, args.uncased)
        config = bert.Config(len(tokenizer.vocab), args.hidden, args.layers, args.heads, args.intermediate,
                             max_position_embeddings=max(args.max_length, 2))
    config.hidden_dropout_prob = config.attention_probs_dropout_prob = args.dropout
    max_length = min(args.max_length, config.max_position_embeddings)
    train_t = tokenizer.encode(train, labels, max_length)
    valid_t = tokenizer.encode([e for e in valid if e[2] in labels], labels, max_length)

    # Three generators: head init, data order, dropout.
    dropout_seed = (args.init_seed * 1000003 + args.order_seed) % (2 ** 63)
    init_gen = torch.Generator().manual_seed(args.init_seed)
    order_gen = torch.Generator().manual_seed(args.order_seed)
    dropout_gen = torch.Generator(device=device).manual_seed(dropout_seed)

    model = bert.Classifier(config, len(labels), dropout_gen)
    if args.pretrained:
        bert.init_encoder(model, torch.Generator().manual_seed(args.encoder_seed))  # the pooler, if the folder lacks one
        bert.load_pretrained(model, args.pretrained)
    else:
        bert.init_encoder(model, torch.Generator().manual_seed(args.encoder_seed))
    bert.init_head(model, init_gen)
    model.to(device).train()

    n = len(train_t[3])
    steps_per_epoch = math.ceil(n / args.batch_size)
    total = args.epochs * steps_per_epoch
    evaluations = min(args.evals_per_epoch, steps_per_epoch)
    no_decay = [p for name, p in model.named_parameters() if name.endswith("bias") or "LayerNorm" in name]
    decay = [p for name, p in model.named_parameters() if not (name.endswith("bias") or "LayerNorm" in name)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, eps=1e-8)
    warmup = int(args.warmup_fraction * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))

    state = {"step": 0, "epoch": 0, "position": 0, "permutation": None, "loss_sum": 0.0, "loss_count": 0, "evaluations": 0, "last_metric": None}
    if args.resume:
        saved = torch.load(args.resume, map_location="cpu")
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
        order_gen.set_state(saved["order_generator"])
        dropout_gen.set_state(saved["dropout_generator"])
        state = saved["state"]

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"init_seed": args.init_seed, "order_seed": args.order_seed, "dropout_seed": dropout_seed,
                   "encoder_seed": args.encoder_seed, "resumed_from": args.resume, "torch": torch.__version__,
                   "device": str(device), "threads": args.threads, "train_examples": n, "labels": labels,
                   "steps": total, "parameters": sum(p.numel() for p in model.parameters())}, f, indent=1)

    def save_checkpoint():
        path = os.path.join(out, "checkpoints", "step-%06d.pt" % state["step"])
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                    "order_generator": order_gen.get_state(), "dropout_generator": dropout_gen.get_state(), "state": state},
                   path + ".tmp")
        os.replace(path + ".tmp", path)
        for old in sorted(os.listdir(os.path.join(out, "checkpoints")))[:-2]:  # keep the newest two
            os.remove(os.path.join(out, "checkpoints", old))
        sweep.checkpoint(path, state["step"], state["step"] / total)

    while state["step"] < total:
        if state["position"] == 0:
            state["permutation"] = torch.randperm(n, generator=order_gen)
        batch_index = state["permutation"][state["position"]:state["position"] + args.batch_size]
        state["position"] += len(batch_index)
        state["step"] += 1
        step, fraction = state["step"], state["step"] / total
        local_step = step - state["epoch"] * steps_per_epoch
        if state["position"] >= n:
            state["epoch"] += 1
            state["position"] = 0

        batch = [t[batch_index] for t in train_t]
        loss = torch.nn.functional.cross_entropy(forward(model, batch, device), batch[3].to(device))
        loss.backward()
        if args.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        value = loss.item()
        state["loss_sum"] += value
        state["loss_count"] += 1
        sweep.progress(step, total)
        if not math.isfinite(value):
            sweep.metric(step, fraction, "loss", value)  # the node's divergence policy decides

        if is_evaluation(local_step, steps_per_epoch, evaluations):
            metric, eval_loss = evaluate(model, valid_t, args.batch_size, args.metric, device)
            state["last_metric"] = metric
            state["evaluations"] += 1
            sweep.metric(step, fraction, "loss", state["loss_sum"] / state["loss_count"])
            sweep.metric(step, fraction, "eval_loss", eval_loss)
            sweep.metric(step, fraction, args.metric, metric)
            state["loss_sum"], state["loss_count"] = 0.0, 0
            print("step %d/%d  %s %.4f  eval_loss %.4f" % (step, total, args.metric, metric, eval_loss), flush=True)
            if step < total and sweep.should_pause(fraction):
                save_checkpoint()
                return 0
            if step < total and args.checkpoint_every > 0 and state["evaluations"] % args.checkpoint_every == 0:
                save_checkpoint()
        elif step < total and sweep.pause_requested():
            save_checkpoint()
            return 0

    sweep.result(steps=total, metric=state["last_metric"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
