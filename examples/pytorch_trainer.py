#!/usr/bin/env python3
"""A minimal PyTorch trainer that speaks SymFold's JSON-lines events.

Point the VS Code setting `symfold.engine.command` at it, and "SymFold: Train Folding Network…"
runs it with live progress, curves and Cancel:

    python3 examples/pytorch_trainer.py ${dataset} --axis ${axis} --out ${out} --epochs ${epochs}

Contract (see the README): one JSON object a line on stdout, each with "event" and "time";
anything else goes to stderr. On SIGTERM save a checkpoint and exit. SymFold sets
SYMFOLD_RESUME=1 when the user chose to continue from the checkpoint in --out.

The network here is deliberately tiny (two convolutions, logits averaged with their mirror, so
every prediction is symmetric); swap in your own model and data loading.
"""
import argparse
import datetime
import json
import os
import signal
import sys
from pathlib import Path


def emit(event, **fields):
    fields = {"event": event, **fields, "time": datetime.datetime.now(datetime.timezone.utc).isoformat()}
    print(json.dumps(fields), flush=True)


def mirror(x, axis):
    """The reflection σ on the last two dimensions (rows, columns) of a tensor."""
    if axis == "lr":
        return x.flip(-1)
    if axis == "ud":
        return x.flip(-2)
    if axis == "diag":
        return x.transpose(-1, -2)
    return x.flip(-1, -2).transpose(-1, -2)  # anti


def load_pairs(dataset, size):
    """images/<name> ↔ masks/<name>, resized to size×size, as float tensors in [0, 1]."""
    import numpy as np
    import torch
    from PIL import Image

    root = Path(dataset)
    masks = {p.stem: p for p in (root / "masks").iterdir() if p.is_file()}
    xs, ys = [], []
    for image in sorted((root / "images").iterdir()):
        if image.stem not in masks:
            continue
        x = Image.open(image).convert("L").resize((size, size), Image.BILINEAR)
        y = Image.open(masks[image.stem]).convert("L").resize((size, size), Image.NEAREST)
        xs.append(np.asarray(x, np.float32) / 255.0)
        ys.append((np.asarray(y) > 0).astype(np.float32))
    if not xs:
        raise SystemExit(f"no image/mask pairs under {root}/images and {root}/masks")
    return torch.tensor(np.stack(xs))[:, None], torch.tensor(np.stack(ys))[:, None]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--axis", default="lr", choices=["lr", "ud", "diag", "anti"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()

    import torch

    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    x, y = load_pairs(args.dataset, args.size)
    n_val = max(1, len(x) // 5)
    (x_val, y_val), (x_tr, y_tr) = (x[:n_val], y[:n_val]), (x[n_val:], y[n_val:])

    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(16, 1, 3, padding=1)
    )
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    checkpoint = out / "checkpoint.pt"
    first = 1
    if os.environ.get("SYMFOLD_RESUME") == "1" and checkpoint.exists():
        state = torch.load(checkpoint)
        net.load_state_dict(state["net"])
        opt.load_state_dict(state["opt"])
        first = state["epoch"] + 1

    def logits(batch):
        z = net(batch)
        return (z + mirror(net(mirror(batch, args.axis)), args.axis)) / 2  # symmetric by construction

    emit("start", command="train", backend="torch-cuda" if torch.cuda.is_available() else "torch-cpu",
         fallbacks=[], config={"trainer": "examples/pytorch_trainer.py", "axis": args.axis,
                               "epochs": args.epochs, "size": args.size, "samples": len(x), "resumedFrom": first - 1})
    loss_fn = torch.nn.BCEWithLogitsLoss()
    batches = max(1, len(x_tr) // 8)
    for epoch in range(first, args.epochs + 1):
        net.train()
        for b, idx in enumerate(torch.randperm(len(x_tr)).chunk(batches), start=1):
            opt.zero_grad()
            loss = loss_fn(logits(x_tr[idx]), y_tr[idx])
            loss.backward()
            opt.step()
            emit("batch", epoch=epoch, batch=b, batches=batches, loss=loss.item())
            if stop["requested"]:
                break
        if stop["requested"]:
            emit("done", path=str(out), cancelled=True)
            return 0  # the checkpoint of the last whole epoch is already on disk
        net.eval()
        with torch.no_grad():
            z = logits(x_val)
            p = (z > 0).float()
            inter, union = (p * y_val).sum(), ((p + y_val) > 0).float().sum()
            sym = mirror(p, args.axis)
            asym = 1 - (p * sym).sum() / ((p + sym) > 0).float().sum().clamp(min=1)
            emit("epoch", epoch=epoch, epochs=args.epochs, loss=loss.item(),
                 valLoss=loss_fn(z, y_val).item(), valIoU=(inter / union.clamp(min=1)).item(),
                 valAsym=asym.item())
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, checkpoint)
        emit("checkpoint", epoch=epoch, path=str(checkpoint))
    torch.save(net.state_dict(), out / "model.pt")
    emit("done", path=str(out))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # the extension shows this message in its error notification
        emit("error", message=str(error))
        print(f"pytorch_trainer: {error}", file=sys.stderr)
        sys.exit(1)
