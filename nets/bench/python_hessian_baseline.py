#!/usr/bin/python3
"""PyHessian's algorithms (Yao, Gholami, Keutzer & Mahoney 2020, pyhessian/hessian.py), written out
in plain PyTorch (Debian's python3-torch) as the baseline of bench-spectrum
(nets/bench/spectrum_bench.cpp), on the weights and data bench-spectrum exports:

Each of the two randomized algorithms (power iteration, Hutchinson) runs from seeds 0..4.

- top-5 eigenvalues: power iteration with deflation (orthonormalization against the eigenvectors
  found so far), stopping when the Rayleigh quotient changes by less than tol = 1e-3 relative,
  at most 100 iterations per eigenvalue (PyHessian's defaults);
- trace: Hutchinson with Rademacher vectors until the running mean changes by less than 1e-3
  relative, at most 100 (PyHessian's defaults);
- density: stochastic Lanczos quadrature, 100 steps, one probe, full reorthogonalization.

Hessian-vector products two ways, as PyHessian makes them: over a data set (its dataloader_hv_product:
loss.backward(create_graph=True), then autograd.grad of the gradients, per batch, every product;
one batch here, the whole set) and on a single batch (its `data=` mode: the gradient and its graph
computed once, each product one autograd.grad with retain_graph=True). The three algorithms run with
each.
Also the accuracy reference: ARPACK (scipy.sparse.linalg.eigsh) on float64 products, tol 1e-12.

usage: python_hessian_baseline.py EXPORT.h5 [--threads N]
Prints one JSON object.
"""
import argparse, json, time

import h5py
import numpy as np
import scipy.sparse.linalg as sla
import torch
import torch.nn.functional as F

SEEDS = 5  # runs of the randomized algorithms, seeds 0..4


def mlp(parameters, widths, dtype):
    """The MLP's parameters as tensors, in the shared order (W0, b0, W1, b1, ...)."""
    out, at = [], 0
    for d_in, d_out in zip(widths[:-1], widths[1:]):
        w = torch.tensor(parameters[at:at + d_in * d_out], dtype=dtype).view(d_out, d_in); at += d_in * d_out
        b = torch.tensor(parameters[at:at + d_out], dtype=dtype); at += d_out
        out += [w.requires_grad_(True), b.requires_grad_(True)]
    assert at == len(parameters)
    return out


def forward(params, x):
    h = x
    for i in range(0, len(params), 2):
        h = F.linear(h, params[i], params[i + 1])
        if i + 2 < len(params):
            h = F.relu(h)
    return h


def hv_product(params, x, y, v):
    """PyHessian's dataloader_hv_product over one batch: (v^T H v, H v)."""
    loss = F.cross_entropy(forward(params, x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    hv = torch.autograd.grad(grads, params, grad_outputs=v, only_inputs=True, retain_graph=False)
    return sum((a * b).sum() for a, b in zip(hv, v)).item(), [h.detach() for h in hv]


def single_batch(params, x, y):
    """PyHessian's single-batch products: the gradient's graph kept, one backward per product."""
    loss = F.cross_entropy(forward(params, x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)

    def product(v):
        hv = torch.autograd.grad(grads, params, grad_outputs=v, only_inputs=True, retain_graph=True)
        return sum((a * b).sum() for a, b in zip(hv, v)).item(), [h.detach() for h in hv]
    return product


def group_product(xs, ys):
    return sum((a * b).sum() for a, b in zip(xs, ys))


def normalization(v):
    s = torch.sqrt(group_product(v, v)).item()
    return [t / (s + 1e-6) for t in v]


def orthnormal(w, vs):
    for v in vs:
        alpha = group_product(w, v)
        w = [a - alpha * b for a, b in zip(w, v)]
    return normalization(w)


def power_iteration(hv_product, params, top_n=5, max_iter=100, tol=1e-3):
    eigenvalues, eigenvectors, hvps = [], [], 0
    while len(eigenvalues) < top_n:
        eigenvalue = None
        v = normalization([torch.randn_like(p) for p in params])
        for _ in range(max_iter):
            v = orthnormal(v, eigenvectors)
            tmp, hv = hv_product(v)
            hvps += 1
            v = normalization(hv)
            if eigenvalue is None:
                eigenvalue = tmp
            elif abs(eigenvalue - tmp) / (abs(eigenvalue) + 1e-6) < tol:
                break
            else:
                eigenvalue = tmp
        eigenvalues.append(eigenvalue)
        eigenvectors.append(v)
    return eigenvalues, hvps


def hutchinson(hv_product, params, max_iter=100, tol=1e-3):
    samples, trace = [], 0.0
    for _ in range(max_iter):
        v = [torch.randint_like(p, high=2) * 2 - 1 for p in params]
        _, hv = hv_product(v)
        samples.append(group_product(hv, v).item())
        if abs(np.mean(samples) - trace) / (abs(trace) + 1e-6) < tol:
            break
        trace = np.mean(samples)
    return float(np.mean(samples)), float(np.std(samples, ddof=1) / np.sqrt(len(samples))), len(samples)


def slq(hv_product, params, steps=100):
    v = normalization([torch.randint_like(p, high=2) * 2 - 1 for p in params])
    vs, alphas, betas, w = [v], [], [], None
    for i in range(steps):
        if i > 0:
            beta = torch.sqrt(group_product(w, w)).item()
            betas.append(beta)
            v = orthnormal(w, vs) if beta != 0 else orthnormal([torch.randn_like(p) for p in params], vs)
            vs.append(v)
        _, hv = hv_product(v)
        alpha = group_product(hv, v)
        alphas.append(alpha.item())
        w = [a - alpha * b for a, b in zip(hv, v)]
        if i > 0:
            w = [a - betas[-1] * b for a, b in zip(w, vs[-2])]
    t = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
    return np.linalg.eigvalsh(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    with h5py.File(a.export, "r") as f:
        parameters, x64, y = f["parameters"][:], f["x"][:], f["y"][:].astype(np.int64)
    widths = [x64.shape[1], 64, 10]
    out = {}
    params = mlp(parameters, widths, torch.float32)
    x, yt = torch.tensor(x64, dtype=torch.float32), torch.tensor(y)
    v = [torch.full_like(p, 1e-3) for p in params]
    for mode in ("", "_single_batch"):
        torch.manual_seed(0)
        t = time.perf_counter()  # the single-batch mode's one-time gradient and graph: counted in each algorithm
        hv = (lambda u: hv_product(params, x, yt, u)) if not mode else single_batch(params, x, yt)
        out["setup_seconds" + mode] = setup = time.perf_counter() - t
        times = []
        for _ in range(15):
            t = time.perf_counter()
            hv(v)
            times.append(time.perf_counter() - t)
        out["hvp_seconds" + mode] = float(np.median(times))
        # The top 5 and the trace from five seeds (0..4; torch's generator): each run's time, products
        # and values (power iteration returns them in the order found).
        runs = []
        for seed in range(SEEDS):
            torch.manual_seed(seed)
            t = time.perf_counter()
            values, hvps = power_iteration(hv, params)
            runs.append({"seconds": time.perf_counter() - t + setup, "hvps": hvps, "values": values})
        out["power_iteration" + mode] = runs
        runs = []
        for seed in range(SEEDS):
            torch.manual_seed(seed)
            t = time.perf_counter()
            trace, stderr, n = hutchinson(hv, params)
            runs.append({"value": trace, "stderr": stderr, "seconds": time.perf_counter() - t + setup, "hvps": n})
        out["hutchinson" + mode] = runs
        t = time.perf_counter()
        slq(hv, params)
        out["slq" + mode] = {"seconds": time.perf_counter() - t + setup, "hvps": 100}
    # The reference: ARPACK on float64 products.
    p64 = mlp(parameters, widths, torch.float64)
    x64t = torch.tensor(x64)
    shapes = [p.shape for p in p64]
    sizes = [p.numel() for p in p64]

    def matvec(vec):
        parts, at = [], 0
        for s, n in zip(shapes, sizes):
            parts.append(torch.tensor(vec[at:at + n], dtype=torch.float64).view(s)); at += n
        _, hv = hv_product(p64, x64t, yt, parts)
        return torch.cat([h.reshape(-1) for h in hv]).numpy()

    n = sum(sizes)
    op = sla.LinearOperator((n, n), matvec=matvec, dtype=np.float64)
    t = time.perf_counter()
    top = sla.eigsh(op, k=5, which="LA", tol=1e-12, return_eigenvectors=False, v0=np.ones(n) / np.sqrt(n))
    out["reference_top5"] = sorted(top.tolist(), reverse=True)
    out["reference_seconds"] = time.perf_counter() - t
    bottom = sla.eigsh(op, k=2, which="SA", tol=1e-12, return_eigenvectors=False, v0=np.ones(n) / np.sqrt(n))
    out["reference_bottom2"] = sorted(bottom.tolist())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
