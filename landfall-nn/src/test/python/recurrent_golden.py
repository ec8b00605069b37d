"""Golden values for RecurrentGoldenTest: PyTorch's LSTM, GRU and RNN on fixed weights.

Run once with Debian's PyTorch (apt-get install python3-torch; PyTorch 1.13) from the repository root:

    /usr/bin/python3 landfall-nn/src/test/python/recurrent_golden.py > landfall-nn/src/test/resources/golden/recurrent.json

The weights are given in Keras's layout (kernel [features, gates*units], recurrent_kernel [units, gates*units],
bias) and mapped to PyTorch's (weight_ih = kernel^T, gates reordered for the GRU: Keras z, r, h; PyTorch r, z, n),
so the gradients PyTorch computes are with respect to the Keras-layout tensors the Java test holds.
Every number comes from a formula the test repeats: value k of a tensor is 0.5*sin(0.37*k + s).
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)
BATCH, STEPS, FEATURES, UNITS = 2, 4, 3, 3


def filled(shape, s, scale=0.5, rate=0.37):
    n = math.prod(shape)
    return torch.tensor([scale * math.sin(rate * k + s) for k in range(n)]).reshape(shape)


def leaf(shape, s):
    return filled(shape, s).requires_grad_(True)


def gru_order(t, u):
    """Keras's z, r, h blocks along the first axis to PyTorch's r, z, n."""
    return torch.cat([t[u:2 * u], t[0:u], t[2 * u:3 * u]])


def run(kind):
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[kind]
    x = filled((BATCH, STEPS, FEATURES), 1.3, scale=1.0, rate=0.71).requires_grad_(True)
    kernel = leaf((FEATURES, gates * UNITS), 0.1)
    recurrent = leaf((UNITS, gates * UNITS), 0.2)
    bias = leaf((2, gates * UNITS) if kind == "gru" else (gates * UNITS,), 0.3)
    zeros = torch.zeros(1, BATCH, UNITS)
    no_bias = torch.zeros(gates * UNITS)
    # the functions torch.nn.LSTM, GRU and RNN call, given the weights as a list so that they stay in the graph
    if kind == "lstm":
        out, _, _ = torch._VF.lstm(x, (zeros, zeros), [kernel.t(), recurrent.t(), bias, no_bias], True, 1, 0.0, False,
                                   False, True)
    elif kind == "gru":
        out, _ = torch._VF.gru(x, zeros, [gru_order(kernel.t(), UNITS), gru_order(recurrent.t(), UNITS),
                                          gru_order(bias[0], UNITS), gru_order(bias[1], UNITS)], True, 1, 0.0, False,
                               False, True)
    else:
        out, _ = torch._VF.rnn_tanh(x, zeros, [kernel.t(), recurrent.t(), bias, no_bias], True, 1, 0.0, False, False,
                                    True)
    weights = torch.tensor([math.cos(0.53 * k) for k in range(out.numel())]).reshape(out.shape)
    (out * weights).sum().backward()
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
    return {"output": flat(out), "grad_input": flat(x.grad), "grad_kernel": flat(kernel.grad),
            "grad_recurrent_kernel": flat(recurrent.grad), "grad_bias": flat(bias.grad)}


print(json.dumps({"torch": torch.__version__, "batch": BATCH, "steps": STEPS, "features": FEATURES, "units": UNITS,
                  "lstm": run("lstm"), "gru": run("gru"), "rnn": run("rnn")}, indent=1))
