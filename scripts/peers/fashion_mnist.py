#!/usr/bin/env python3
"""The PyTorch side of `d2l bench softmax|mlp|lenet`: the same job as `d2l softmax|mlp|lenet`, in
PyTorch on the CPU, as d2l-zh writes it (concise implementation), on preloaded tensors.

It reads the four Fashion-MNIST IDX files from --data-dir itself (no torchvision), trains for
--epochs with a test-accuracy pass after each epoch (train_ch3), and prints one JSON line:
per-epoch seconds, the last epoch's figures, the seconds from interpreter start to the end, and
the peak RSS. `d2l bench` times the whole process from outside as well.
"""
import argparse
import gzip
import json
import resource
import sys
import time

START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(data_dir, split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(f"{data_dir}/{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    labels = read_idx(f"{data_dir}/{prefix}-labels-idx1-ubyte.gz", 8)
    # transforms.ToTensor(): uint8 -> float32 in [0, 1]
    return torch.from_numpy(images.astype(np.float32) / 255.0), torch.from_numpy(labels.astype(np.int64))


def model(name):
    if name == "softmax":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        lr = 0.1
    elif name == "mlp":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        lr = 0.1
    elif name == "lenet":
        # d2l-zh 6.6, with train_ch6's Xavier-uniform weights.
        net = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
            nn.Linear(120, 84), nn.Sigmoid(),
            nn.Linear(84, 10))
        lr = 0.9

        def xavier(m):
            if type(m) in (nn.Linear, nn.Conv2d):
                nn.init.xavier_uniform_(m.weight)

        net.apply(xavier)
        return net, lr
    else:
        raise SystemExit(f"unknown model {name!r}: expected softmax, mlp or lenet")

    def init_weights(m):
        if type(m) is nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net, lr


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    torch.manual_seed(42)
    train_x, train_y = load(args.data_dir, "train")
    test_x, test_y = load(args.data_dir, "test")
    net, lr = model(args.model)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    n, b = train_x.shape[0], args.batch_size
    epochs = []
    for epoch in range(args.epochs):
        started = time.perf_counter()
        net.train()
        total_loss, total_correct = 0.0, 0.0
        order = torch.randperm(n)
        for i in range(0, n, b):
            idx = order[i : i + b]
            X, y = train_x[idx], train_y[idx]
            y_hat = net(X)
            l = loss(y_hat, y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            total_loss += float(l.detach().sum())
            total_correct += accuracy(y_hat, y)
        net.eval()
        correct = 0.0
        with torch.no_grad():
            for i in range(0, test_x.shape[0], b):
                correct += accuracy(net(test_x[i : i + b]), test_y[i : i + b])
        epochs.append(
            {
                "epoch": epoch + 1,
                "train_loss": total_loss / n,
                "train_acc": total_correct / n,
                "test_acc": correct / test_x.shape[0],
                "seconds": time.perf_counter() - started,
            }
        )
    print(
        json.dumps(
            {
                "peer": f"pytorch {torch.__version__}",
                "threads": torch.get_num_threads(),
                "model": args.model,
                "epochs": epochs,
                "seconds": time.perf_counter() - START,
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
