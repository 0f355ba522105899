"""UNTESTED: `transformers` cannot be installed where this project is developed. This script shows
the shape of wrapping a Hugging Face Trainer fine-tuning script for a SweepCluster node; read it,
adapt it, and try it on one trial before sweeping with it. See README.md.

Seeds are kept apart as in Dodge et al. (2020):
  --init-seed   seeds the global RNG only while the model (and so its new classifier head) is
                created, inside model_init; the RNG state is restored afterwards;
  --order-seed  becomes TrainingArguments.data_seed (the training sampler's shuffles);
  dropout       TrainingArguments.seed = init_seed * 1000003 + order_seed (the Trainer seeds the
                global RNG with it; dropout draws from that).
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainerCallback,
                          TrainingArguments)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import sweep_protocol as sweep  # noqa: E402


class SweepCallback(TrainerCallback):
    """Reports to the node and honours its pause requests (SIGUSR1, SWEEP_PAUSE_AT_FRACTION)."""

    def __init__(self, metric):
        self.metric = metric
        self.pausing = False

    def _fraction(self, state):
        return state.global_step / max(1, state.max_steps)

    def on_step_end(self, args, state, control, **kwargs):
        sweep.progress(state.global_step, state.max_steps)
        if sweep.pause_requested() and state.global_step < state.max_steps:
            self.pausing = True
            control.should_save = True  # the Trainer saves right after this step, then on_save stops it
        return control

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            sweep.metric(state.global_step, self._fraction(state), "loss", logs["loss"])
        return control

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        fraction = self._fraction(state)
        if metrics:
            if "eval_loss" in metrics:
                sweep.metric(state.global_step, fraction, "eval_loss", metrics["eval_loss"])
            if "eval_" + self.metric in metrics:
                sweep.metric(state.global_step, fraction, self.metric, metrics["eval_" + self.metric])
        if state.global_step < state.max_steps and sweep.should_pause(fraction):
            self.pausing = True
            control.should_save = True
        return control

    def on_save(self, args, state, control, **kwargs):
        path = os.path.join(args.output_dir, "checkpoint-%d" % state.global_step)
        sweep.checkpoint(path, state.global_step, self._fraction(state))
        if self.pausing:
            control.should_training_stop = True
        return control


class JsonlDataset(torch.utils.data.Dataset):
    def __init__(self, path, tokenizer, labels, max_length, text_field, label_field):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        self.encodings = tokenizer([r[text_field] for r in rows], truncation=True, max_length=max_length)
        self.labels = [labels[str(r[label_field])] for r in rows]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        item = {k: torch.tensor(v[i]) for k, v in self.encodings.items()}
        item["labels"] = torch.tensor(self.labels[i])
        return item


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="a local Hugging Face folder (no downloads on sweep nodes)")
    p.add_argument("--train", required=True)
    p.add_argument("--validation", required=True)
    p.add_argument("--text-field", default="text")
    p.add_argument("--label-field", default="label")
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--init-seed", type=int, required=True)
    p.add_argument("--order-seed", type=int, required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--warmup-fraction", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--evals-per-epoch", type=int, default=10)
    p.add_argument("--out", required=True)
    p.add_argument("--resume")
    args = p.parse_args()
    sweep.install()

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    with open(args.train) as f:
        labels = {l: i for i, l in enumerate(sorted({str(json.loads(x)[args.label_field]) for x in f if x.strip()}))}
    train = JsonlDataset(args.train, tokenizer, labels, args.max_length, args.text_field, args.label_field)
    valid = JsonlDataset(args.validation, tokenizer, labels, args.max_length, args.text_field, args.label_field)

    def model_init():
        saved = torch.random.get_rng_state()
        torch.manual_seed(args.init_seed)  # the new classifier head is initialized here, from the WI seed only
        model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=len(labels))
        torch.random.set_rng_state(saved)
        return model

    steps_per_epoch = -(-len(train) // args.batch_size)
    eval_steps = max(1, steps_per_epoch // args.evals_per_epoch)
    training = TrainingArguments(
        output_dir=args.out, num_train_epochs=args.epochs, per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=args.batch_size, learning_rate=args.lr, warmup_ratio=args.warmup_fraction,
        weight_decay=args.weight_decay, eval_strategy="steps",  # "evaluation_strategy" before transformers 4.41
        eval_steps=eval_steps, logging_steps=eval_steps,
        save_strategy="no", seed=(args.init_seed * 1000003 + args.order_seed) % (2 ** 31), data_seed=args.order_seed,
        report_to=[], disable_tqdm=True)

    def compute_metrics(prediction):
        return {"accuracy": float((np.argmax(prediction.predictions, axis=-1) == prediction.label_ids).mean())}

    callback = SweepCallback("accuracy")
    trainer = Trainer(model_init=model_init, args=training, train_dataset=train, eval_dataset=valid,
                      compute_metrics=compute_metrics, callbacks=[callback])
    trainer.train(resume_from_checkpoint=args.resume)
    if callback.pausing:
        return 0  # checkpoint reported by on_save; the node resumes with --resume
    final = trainer.evaluate()
    sweep.result(steps=trainer.state.global_step, metric=final.get("eval_accuracy"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
