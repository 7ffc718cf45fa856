"""PyTorch peer of examples/fashion_mnist.ts: the same CNN, data, optimizer, batch and epochs.

conv 3x3x32 + relu, conv 3x3x64 + relu, 2x2 max pool, dense 128 + relu, dense 10;
Adam 1e-3, batch 64, shuffled each epoch. Reads the IDX files of Debian's
dataset-fashion-mnist. Prints one JSON line with the figures.

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/fashion_mnist_torch.py --epochs 3 --threads 2 [--channels-last]
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4 : 4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(prefix):
    images = read_idx(os.path.join(DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # N,1,28,28
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv0 = nn.Conv2d(1, 32, 3)
        self.conv1 = nn.Conv2d(32, 64, 3)
        self.dense0 = nn.Linear(12 * 12 * 64, 128)
        self.dense1 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv0(x))
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        return self.dense1(F.relu(self.dense0(x)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--log-every", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    if a.limit:
        xtr, ytr = xtr[: a.limit], ytr[: a.limit]
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    model = Net().to(memory_format=fmt)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = xtr.shape[0]
    steps_per_epoch = n // a.batch  # drop the remainder, as the tsmlx run does
    g = torch.Generator().manual_seed(a.seed)
    acc_per_epoch = []
    train_s = 0.0
    for _ in range(a.epochs):
        model.train()
        perm = torch.randperm(n, generator=g)
        t0 = time.perf_counter()
        for s in range(steps_per_epoch):
            idx = perm[s * a.batch : (s + 1) * a.batch]
            xb = xtr[idx].contiguous(memory_format=fmt)
            yb = ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            if a.log_every and (s + 1) % a.log_every == 0:
                el = train_s + time.perf_counter() - t0
                done = len(acc_per_epoch) * steps_per_epoch + s + 1
                print(f"step {done}: {done * a.batch / el:.0f} images/s, loss {loss.item():.4f}", file=sys.stderr, flush=True)
        train_s += time.perf_counter() - t0
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, xte.shape[0], 1000):
                out = model(xte[i : i + 1000].contiguous(memory_format=fmt))
                correct += (out.argmax(1) == yte[i : i + 1000]).sum().item()
        acc_per_epoch.append(correct / xte.shape[0])
    steps = steps_per_epoch * a.epochs
    print(
        json.dumps(
            {
                "framework": "pytorch " + torch.__version__,
                "threads": a.threads,
                "channelsLast": a.channels_last,
                "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", ""),
                "epochs": a.epochs,
                "batch": a.batch,
                "steps": steps,
                "trainSeconds": train_s,
                "imagesPerSecond": steps * a.batch / train_s,
                "testAccuracy": acc_per_epoch[-1],
                "epochAccuracy": acc_per_epoch,
            }
        )
    )


if __name__ == "__main__":
    main()
