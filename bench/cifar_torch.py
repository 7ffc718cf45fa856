"""The CIFAR-10 CNN (c10ConvModel) in PyTorch (the peer of bench/cifar.ts), on the same CPU.

  python3 bench/cifar_torch.py MODE BATCH STEPS LAYOUT     (MODE train|infer, LAYOUT nchw|cl)

Prints one JSON line: seconds per step for each timed step (after two warm-up steps).
Architecture: 3 x [conv3x3 same + relu] x 2 + maxpool 2 + dropout, with 32, 64, 128 filters,
flatten 2048, dense 128 + relu, dropout 0.5, dense 10; Adam 1e-3, sparse cross-entropy.
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(2)
mode, batch, steps, layout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]


def block(cin, cout, rate):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(rate)]


model = nn.Sequential(*block(3, 32, 0.3), *block(32, 64, 0.5), *block(64, 128, 0.5), nn.Flatten(),
                      nn.Linear(2048, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
fmt = torch.channels_last if layout == "cl" else torch.contiguous_format
model = model.to(memory_format=fmt)
x = torch.rand(batch, 3, 32, 32).contiguous(memory_format=fmt)
y = torch.randint(0, 10, (batch,))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()


def step():
    if mode == "train":
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    else:
        model.eval()
        with torch.no_grad():
            model(x)


times = []
for i in range(steps + 2):
    t0 = time.perf_counter()
    step()
    if i >= 2:
        times.append(time.perf_counter() - t0)
print(json.dumps(times))
