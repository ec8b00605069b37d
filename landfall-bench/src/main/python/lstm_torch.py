"""PyTorch's side of LstmTrainingBenchmark: the same model, data shapes and step count, samples/s (median)."""
import sys
import time

import torch

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
torch.manual_seed(1)
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)  # this machine's 2 cores, as Landfall uses
batch, steps = 64, 10


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(64, 256, batch_first=True)
        self.head = torch.nn.Linear(256, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(batch * steps, 100, 64)
y = torch.zeros(batch * steps, dtype=torch.long)


def epoch():
    for i in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x[i * batch:(i + 1) * batch]), y[i * batch:(i + 1) * batch])
        loss.backward()
        opt.step()


epoch()
rates = []
for _ in range(rounds):
    t = time.perf_counter()
    epoch()
    rates.append(batch * steps / (time.perf_counter() - t))
rates.sort()
print(f"PyTorch {torch.__version__} LSTM(256), 100 steps x 64 features, batch 64, {torch.get_num_threads()} threads: "
      f"{rates[rounds // 2]:.1f} samples/s (training)")
