"""Reference run for AdamWParityTests: PyTorch's AdamW + clip_grad_norm_ + HF linear warm-up schedule.

Usage: python3 adamw_parity.py input.json output.json

The input (written by the C# test) holds the initial parameters, one gradient per step, and the
hyper-parameters. Parameters with decay=false go into a second param group with weight_decay=0, as
BERT fine-tuning scripts do. Each step: set grads, clip_grad_norm_, optimizer.step(), scheduler.step()
(Hugging Face's order). The schedule is the lambda of transformers.get_linear_schedule_with_warmup,
written out here because transformers is not installed; LambdaLR around it behaves exactly as HF's.
"""
import json
import sys

import torch


def linear_warmup(warmup, total):
    def multiplier(step):
        if step < warmup:
            return float(step) / float(max(1, warmup))
        return max(0.0, float(total - step) / float(max(1, total - warmup)))
    return multiplier


def main(source, target):
    with open(source) as f:
        spec = json.load(f)
    torch.set_num_threads(1)
    params = []
    for p in spec["params"]:
        t = torch.tensor(p["data"], dtype=torch.float32).reshape(p["shape"])
        params.append(torch.nn.Parameter(t))
    groups = [
        {"params": [t for t, p in zip(params, spec["params"]) if p["decay"]], "weight_decay": spec["weight_decay"]},
        {"params": [t for t, p in zip(params, spec["params"]) if not p["decay"]], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, linear_warmup(spec["warmup"], spec["total"]))

    lrs, norms = [], []
    for step in range(spec["steps"]):
        for t, p in zip(params, spec["params"]):
            t.grad = torch.tensor(p["grads"][step], dtype=torch.float32).reshape(p["shape"])
        norms.append(float(torch.nn.utils.clip_grad_norm_(params, spec["max_norm"])))
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()

    out = {"lrs": lrs, "norms": norms, "params": []}
    for t, p in zip(params, spec["params"]):
        state = optimizer.state[t]
        out["params"].append({
            "name": p["name"],
            "data": t.detach().reshape(-1).tolist(),
            "exp_avg": state["exp_avg"].reshape(-1).tolist(),
            "exp_avg_sq": state["exp_avg_sq"].reshape(-1).tolist(),
            "step": float(state["step"]),
        })
    with open(target, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
