#!/usr/bin/env python3
"""The PyTorch side of `d2l bench softmax|mlp|lenet|resnet`: the same job as the `d2l` command, in
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
    elif name == "resnet":
        net, lr = resnet18(), 0.05
        net.apply(xavier_conv_and_linear)
        return net, lr
    else:
        raise SystemExit(f"unknown model {name!r}: expected softmax, mlp, lenet or resnet")

    def init_weights(m):
        if type(m) is nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net, lr


def xavier_conv_and_linear(m):
    """train_ch6's initialisation."""
    if type(m) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(m.weight)


class Residual(nn.Module):
    """d2l-zh 7.6's Residual block."""

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = (
            nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        )
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = torch.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return torch.relu(Y + X)


def resnet18():
    """d2l-zh 7.6's ResNet-18 for one input channel and 10 classes."""

    def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
        blk = []
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
            else:
                blk.append(Residual(num_channels, num_channels))
        return blk

    b1 = nn.Sequential(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(64), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, 10))


def resized(X, size):
    """transforms.Resize(size) on a minibatch (bilinear; the images only grow here)."""
    if size is None or size == X.shape[-1]:
        return X
    return nn.functional.interpolate(X, size=(size, size), mode="bilinear", align_corners=False)


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--resize", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--test-limit", type=int, default=None)
    args = parser.parse_args()
    torch.manual_seed(42)
    train_x, train_y = load(args.data_dir, "train")
    test_x, test_y = load(args.data_dir, "test")
    train_x, train_y = train_x[: args.limit], train_y[: args.limit]
    test_x, test_y = test_x[: args.test_limit], test_y[: args.test_limit]
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
            X, y = resized(train_x[idx], args.resize), train_y[idx]
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
                correct += accuracy(net(resized(test_x[i : i + b], args.resize)), test_y[i : i + b])
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
