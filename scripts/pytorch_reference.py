#!/usr/bin/python3
"""PyTorch reference for the engine throughput of issue 4 (bench/engine.ts compares against it).

The same U-Net as src/engine/unet.ts: 4 levels (16-32-64-128 filters), two 3×3 'same' convs with
ReLU per level, 2×2 max pooling, 2×2 stride-2 transposed convs for upsampling, skip concatenation,
a 1×1 logit conv, no batch norm. Batch 8, Adam, focal + soft Dice loss, on 2 threads.
Inputs: 128×64×2 (the folded form of a 128×128 image) and 128×128×1 (unfolded).

Run with Debian's interpreter, which owns python3-torch:
    /usr/bin/python3 scripts/pytorch_reference.py [--threads 2] [--steps 10] [--json]
Not part of `npm test`: it needs python3-torch (apt-get install python3-torch).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    def __init__(self, cin: int, filters: int = 16, depth: int = 4):
        super().__init__()
        widths = [filters * 2 ** i for i in range(depth)]
        self.enc = nn.ModuleList()
        c = cin
        for w in widths:
            self.enc.append(block(c, w))
            c = w
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(c, w, 2, stride=2))
            self.dec.append(block(2 * w, w))
            c = w
        self.logits = nn.Conv2d(c, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, enc in enumerate(self.enc):
            x = enc(x)
            if i < len(self.enc) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([up(x), skips.pop()], dim=1))
        return self.logits(x)


def loss_fn(z: torch.Tensor, y: torch.Tensor, alpha: float = 0.25, gamma: float = 2.0) -> torch.Tensor:
    # The engine's focal + soft Dice (src/engine/losses.ts), so both sides do the same work.
    p = torch.sigmoid(z)
    bce = F.binary_cross_entropy_with_logits(z, y, reduction='none')
    pt = y * p + (1 - y) * (1 - p)
    alpha_t = y * alpha + (1 - y) * (1 - alpha)
    focal = (alpha_t * (1 - pt) ** gamma * bce).mean()
    inter = (p * y).sum(dim=(1, 2, 3))
    total = p.sum(dim=(1, 2, 3)) + y.sum(dim=(1, 2, 3))
    dice = (1 - (2 * inter + 1e-6) / (total + 1e-6)).mean()
    return focal + dice


def measure(channels: int, height: int, width: int, batch: int, steps: int, warmup: int) -> dict:
    torch.manual_seed(1)
    net = UNet(channels)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(batch, channels, height, width)
    y = (torch.rand(batch, 1, height, width) > 0.7).float()

    def step() -> None:
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    net.train()
    for _ in range(warmup):
        step()
    cpu0, t0 = time.process_time(), time.perf_counter()
    for _ in range(steps):
        step()
    train_s, train_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    net.eval()
    with torch.no_grad():
        for _ in range(warmup):
            torch.sigmoid(net(x))
        t0 = time.perf_counter()
        for _ in range(steps):
            torch.sigmoid(net(x))
        infer_s = time.perf_counter() - t0
    return {
        'input': f'{height}x{width}x{channels}',
        'train_per_s': steps * batch / train_s,
        'infer_per_s': steps * batch / infer_s,
        'train_cpu_s_per_step': train_cpu / steps,
        'parameters': sum(p.numel() for p in net.parameters()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rows = [
        measure(2, 128, 64, args.batch, args.steps, args.warmup),
        measure(1, 128, 128, args.batch, args.steps, args.warmup),
    ]
    if args.json:
        print(json.dumps({'torch': torch.__version__, 'threads': args.threads, 'rows': rows}))
        return
    print(f'PyTorch {torch.__version__}, {args.threads} threads, batch {args.batch}, {args.steps} timed steps')
    print('| input | train samples/s | infer samples/s | train CPU s/step | parameters |')
    print('|---|---:|---:|---:|---:|')
    for r in rows:
        print(f"| {r['input']} | {r['train_per_s']:.1f} | {r['infer_per_s']:.1f} | {r['train_cpu_s_per_step']:.3f} | {r['parameters']} |")
    print(f"folded ÷ unfolded train: {rows[0]['train_per_s'] / rows[1]['train_per_s']:.2f}×")


if __name__ == '__main__':
    main()
