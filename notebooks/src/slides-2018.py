# %% [markdown]
# # The 2018 slides: an empirical look at the loss landscape
#
# The slides *An empirical look at the loss landscape* (HEP AI, September 4, 2018) argue from
# experiments rather than theorems. Their questions, in order:
#
# 1. **GD vs SGD** ("GD is bad use SGD", after Bourrely 1989 and Bottou 1991: a fully connected
#    network on MNIST makes on average 174 test mistakes with SGD and 194 with GD; "SGD is really
#    special"): do gradient descent and stochastic gradient descent reach the same kind of minima?
# 2. **Large vs small batch** (Keskar et al. 2016, quoted as "LB -> sharp minima, SB -> wide
#    minima", with "similar training error, but gap in the test error").
# 3. **The batch switch** ("Repeating the LB/SB with a twist"): train with a large batch, switch to
#    a small batch at the end point, and look along the line through the two end points: away from
#    the LB solution, away from the SB solution, and between them.
# 4. **One basin?** ("Connecting arbitrary solutions": Freeman & Bruna 2017, barriers shrinking with
#    the number of parameters M; Draxler et al. 2018, no barriers along curves; "Does this mean any
#    solution, obtained by any method is in the same basin? ... what's the threshold for M?").
# 5. **The Hessian at a minimum**: larger batches give larger outlier eigenvalues; the last slide
#    splits the Hessian of the loss into the Gauss-Newton part (1/P) Σ ℓ'' ∇f ∇fᵀ and the residual
#    part (1/P) Σ ℓ' ∇²f.
#
# The slides use ResNet-56 and AlexNet on CIFAR-10 and fully connected networks on MNIST. Here at
# small scale with `landscape`: ReLU MLPs on a 5,000-image subset of Fashion-MNIST (1,000 test
# images), on the CPU with fixed seeds, and for the Hessian a small exact network in 110-digit
# arithmetic beside the trained networks' Hessian-vector products. Every cell prints the command it runs; paste it into a shell at the repository root to
# repeat it.

# %%
import json
import time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from nbtool import *

started = time.time()
W = workdir("slides-2018")  # every file of this notebook goes here
DATA = "fashion-mnist:n=5000,test=1000,seed=0"  # the subset is pinned, whatever --seed a run has
MLP = ["--model", "mlp", "--arch", "784,64,10", "--dataset", DATA]


def figure(name):
    """Saves the current matplotlib figure as W/name and shows it."""
    plt.tight_layout()
    plt.savefig(ROOT / W / name, dpi=100)
    plt.close()
    show(W / name)


def barrier(ip):
    """Highest training loss on the segment 0 <= t <= 1 minus the higher end point, and where."""
    t, y = np.array(ip["t"]), np.array(ip["train_loss"])
    inside = np.flatnonzero((t >= -1e-9) & (t <= 1 + 1e-9))
    k = inside[int(np.argmax(y[inside]))]
    ends = max(y[np.argmin(np.abs(t))], y[np.argmin(np.abs(t - 1))])
    return y[k] - ends, t[k]


def at(ip, key, v):
    return ip[key][int(np.argmin(np.abs(np.array(ip["t"]) - v)))]


# %% [markdown]
# ## 1. GD vs SGD
#
# The slides quote Bottou 1991: the total (full-batch) gradient "converges to a local minimum of
# the cost function ... sometimes a poor solution", while "the stochastic gradient algorithm ...
# usually is able to escape", and the MNIST example where SGD makes fewer test mistakes than GD
# (174 against 194). `experiment branches` trains a main run in 3 stages and, at the start of
# stages 2 and 3, two branches from the main run's end point perturbed layer-wise (σ = 0.1 × each
# tensor's standard deviation); `--mode full-batch` does the same with full-batch gradient descent,
# and also interpolates each first branch with the main run epoch by epoch. Both here use the MLP
# 784-64-10 and 10 epochs per stage, so the same 30 passes over the data on every lineage: SGD
# (batch 128, lr 0.05, momentum 0.9) takes 40 steps per pass, GD (lr 0.1, momentum 0.9) one.

# %%
sgd = landscape("experiment", "branches", "--epochs", "10", "--out", W / "branches-sgd")
gd = landscape("experiment", "branches", "--mode", "full-batch", "--epochs", "10", "--lr", "0.1",
               "--momentum", "0.9", "--out", W / "branches-gd")
rows = []
for stage in sorted(sgd["stages"], key=int):
    for name in sorted(k for k in sgd["stages"][stage] if k != "interpolation"):
        a, b = sgd["stages"][stage][name], gd["stages"][stage][name]
        rows.append([stage, name, f"{a['final_train_loss']:.3f}", f"{100 * a['final_test_error']:.1f}%",
                     f"{b['final_train_loss']:.3f}", f"{100 * b['final_test_error']:.1f}%"])
table(["stage", "run", "SGD training loss", "SGD test error", "GD training loss", "GD test error"], rows)
gd_barriers = [max(p["train_loss"]) - max(p["train_loss"][0], p["train_loss"][-1])
               for stage in gd["stages"].values() for p in stage.get("interpolation", [])]
print(f"GD: highest training loss along branch 1 <-> main, above the higher end, over"
      f" {len(gd_barriers)} epoch-wise lines: {max(gd_barriers):.5f}")
print(f"MDS stress: SGD {sgd['mds_stress']:.3f}, GD {gd['mds_stress']:.3f}")
show(W / "branches-sgd" / "mds.png")
show(W / "branches-gd" / "mds.png")
show(W / "branches-gd" / "interpolation-stage3.png")
verdict(sgd["stages"]["3"]["main"]["final_test_error"] < gd["stages"]["3"]["main"]["final_test_error"],
        "after the same number of passes over the data, SGD's solution has the lower test error")

# %% [markdown]
# Per pass over the data SGD wins clearly. After 30 passes its main run has training loss 0.255
# and test error 19.1%, GD's 0.697 and 26.0%, and every SGD run, including the stage-3 branch that
# its perturbation set back (24.2%), has a lower test error than every GD run (25.3% to 33.8%).
# That is the slides' "GD is bad use SGD", with a larger gap than their 174 against 194 mistakes,
# because here GD has taken 30 steps and SGD 1,200. The two pictures differ as well. Along each of
# GD's 22 epoch-wise straight lines from branch 1 to the main run the training loss never rises
# above the higher end: the perturbed GD branches stay in the main run's basin. In GD's MDS picture
# the main run is a smooth curve and the stage-2 branches run on their own arcs on either side of
# it without rejoining it (without noise, nothing washes the perturbation out), on axes three to
# five times shorter than those of the SGD picture, where main run and branches mix in one noisy
# cloud.
#
# That comparison is per pass, not per step. Does GD reach an equally good point when it gets the
# steps? The same initialization (seed 0) trained once with SGD for 30 epochs (1,200 steps) and
# once with GD for 120 epochs (120 steps), then the straight line between the two end points and an
# MDS picture of both trajectories:

# %%
s = landscape("train", *MLP, "--epochs", "30", "--lr", "0.05", "--record-every", "0", "--seed", "0",
              "--out", W / "sgd")
g = landscape("train", *MLP, "--batch-size", "full", "--epochs", "120", "--lr", "0.1", "--momentum", "0.9",
              "--record-every", "0", "--seed", "0", "--out", W / "gd")
gd_metrics = read_csv(W / "gd" / "metrics.csv")
print(f"SGD, 30 epochs: training loss {s['final_train_loss']:.3f}, test error {100 * s['final_test_error']:.1f}%")
print(f"GD after 30 epochs: training loss {float(gd_metrics[30]['train_loss']):.3f},"
      f" test error {100 * float(gd_metrics[30]['test_error']):.1f}%;"
      f" after 120: training loss {g['final_train_loss']:.3f}, test error {100 * g['final_test_error']:.1f}%")
ip = landscape("interpolate", "--run", W / "sgd", "--to", W / "gd", "--t", "-0.5:1.5:41", "--out", W / "sgd-to-gd")
h, th = barrier(ip)
print(f"|w_GD - w_SGD| = {ip['distance']:.2f}; training loss {at(ip, 'train_loss', 0):.3f} at SGD,"
      f" {at(ip, 'train_loss', 1):.3f} at GD, {at(ip, 'train_loss', th):.3f} at t = {th:.2f}: a barrier of {h:.3f}")
show(W / "sgd-to-gd" / "interpolation-loss.png")
m = landscape("mds", "--runs", f"{W / 'sgd'},{W / 'gd'}", "--out", W / "mds-sgd-gd")
show(W / "mds-sgd-gd" / "mds.png")
verdict(h > 0.05, "SGD and GD from the same initialization end in different minima, with a barrier"
        " on the straight line between them")

# %% [markdown]
# Given the steps, GD catches up: after 120 full-batch steps its test error is 16.3%, against
# 17.0% for SGD after 30 epochs, though its training loss is higher (0.357 against 0.218). The
# two end points are 11.9 apart and the straight line between them rises 0.133 above the higher end
# (0.491 at t = 0.65): one initialization, two algorithms, two different end points with a ridge
# between them along the line. In the MDS picture (run 1 is SGD, run 2 GD) the two paths leave the
# common start in different directions and do not meet again. On this small problem GD is not
# "stuck in a poor minimum": it is slow per pass and ends somewhere else, of similar quality (the
# 0.7-point difference in test error is below the standard error of about 1.2 points on 1,000 test
# images). Whether the two are in different basins or joined by a curved path, a straight line
# cannot tell (Section 7).
#
# ## 2. Large vs small batch
#
# Keskar et al. 2016, as the slides quote them: large batches (LB) find sharp minima, small ones
# (SB) wide minima, with similar training error but a gap in test error. Two runs of the MLP
# 784-64-10 from the same initialization, batch 64 and batch 1024 (lr 0.05, momentum 0.9), each
# stopped when its training error reaches 10%, so that they are compared at equal training error.
# Around each, the loss along a filter-normalized random direction (Li et al. 2018), and the line
# through both.

# %%
runs = {}
for b in ["64", "1024"]:
    runs[b] = landscape("train", *MLP, "--batch-size", b, "--lr", "0.05", "--epochs", "150",
                        "--target-error", "0.1", "--record-every", "0", "--seed", "0", "--out", W / f"b{b}")
    landscape("surface", "--run", W / f"b{b}", "--x", "-1:1:41", "--data", "both", "--out", W / f"b{b}-1d.h5")
curves = {b: read_h5(W / f"b{b}-1d.h5") for b in runs}
sharpness = {b: rise(c["xcoordinates"], c["train_loss"], 0.5) for b, c in curves.items()}
table(["batch", "epochs", "training error", "training loss", "test error", "sharpness at r = 0.5"],
      [[b, r["epochs"], f"{100 * r['final_train_error']:.2f}%", f"{r['final_train_loss']:.3f}",
        f"{100 * r['final_test_error']:.1f}%", f"{sharpness[b]:.3f}"] for b, r in runs.items()])
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for b, c in curves.items():
    axes[0].plot(c["xcoordinates"], c["train_loss"], label=f"batch {b}")
    axes[1].plot(c["xcoordinates"], c["test_acc"], label=f"batch {b}")
axes[0].set(xlabel="alpha (filter-normalized direction)", ylabel="training loss")
axes[1].set(xlabel="alpha (filter-normalized direction)", ylabel="test accuracy (%)")
for a in axes:
    a.legend()
    a.grid(alpha=0.3)
figure("sb-lb-1d.png")
lb_sb = landscape("interpolate", "--run", W / "b1024", "--to", W / "b64", "--t", "-1:2:61", "--out", W / "lb-to-sb")
h, th = barrier(lb_sb)
print(f"LB (t = 0) to SB (t = 1): |w_SB - w_LB| = {lb_sb['distance']:.2f}; training loss"
      f" {at(lb_sb, 'train_loss', -1):.3f} at t = -1, {at(lb_sb, 'train_loss', 2):.3f} at t = 2;"
      f" barrier {h:.3f} at t = {th:.2f}")
show(W / "lb-to-sb" / "interpolation-loss.png")
verdict(sharpness["1024"] > sharpness["64"], "the large-batch minimum is sharper than the small-batch one"
        f" along filter-normalized directions ({sharpness['1024']:.3f} against {sharpness['64']:.3f})")
verdict(runs["1024"]["final_test_error"] > runs["64"]["final_test_error"],
        "at equal training error the large-batch run has the higher test error")

# %% [markdown]
# At equal training error (9.2% and 9.7%) the large-batch run (72 epochs) is four times sharper
# than the small-batch one (14 epochs): 0.675 against 0.165 at r = 0.5 along a filter-normalized
# direction, and its test accuracy falls off much faster on both sides. Its test error is higher,
# 17.4% against 16.7%, but only by 0.7 points, within one standard error: the sharp-versus-wide half
# of Keskar et al.'s picture is clear at this scale, the generalization gap is not resolved. On the
# line through both (t = 0 is LB, t = 1 SB) the training loss reaches 8.2 one LB-SB distance
# beyond the LB end and only 0.61 one distance beyond the SB end, with a small bump of 0.072
# between them (at t = 0.30). A line like this also sees the weights' scale (Li et al. 2018); the
# filter-normalized curves above are the fairer comparison, and they say the same.
#
# ## 3. The batch switch: large batch, then small batch
#
# The slides' twist: train with a large batch, then continue from its end point with a small
# batch, keep both end points, and extend the line through them: away from the LB solution,
# between the two, and away from the SB solution. `landscape` has no experiment for this, but it
# is two `train` runs and one `interpolate`: the batch-1024 run above is continued with batch 64
# (`--init` starts from its weights) for 10 epochs with a cosine schedule, so that the
# continuation comes to rest; the line runs from t = -1 (one LB-SB distance beyond LB) to t = 2.
# Small-batch SGD is sensitive to its batch order, so the continuation is run with three orders
# (`--order-seed` 0, 1, 2).

# %%
rows, lines = [], {}
for order in ["0", "1", "2"]:
    sw = landscape("train", *MLP, "--init", W / "b1024", "--batch-size", "64", "--lr", "0.05", "--schedule", "cosine",
                   "--epochs", "10", "--record-every", "0", "--seed", "0", "--order-seed", order,
                   "--out", W / f"switch-{order}")
    landscape("surface", "--run", W / f"switch-{order}", "--x", "-1:1:41", "--out", W / f"switch-{order}-1d.h5")
    c = read_h5(W / f"switch-{order}-1d.h5")
    line = lines[order] = landscape("interpolate", "--run", W / "b1024", "--to", W / f"switch-{order}",
                                    "--t", "-1:2:61", "--out", W / f"switch-{order}-line")
    h, th = barrier(line)
    rows.append([order, f"{sw['final_train_loss']:.3f}", f"{100 * sw['final_test_error']:.1f}%",
                 f"{rise(c['xcoordinates'], c['train_loss'], 0.5):.3f}", f"{line['distance']:.2f}",
                 f"{at(line, 'train_loss', -1):.2f}", f"{at(line, 'train_loss', -0.5):.3f}",
                 f"{at(line, 'train_loss', 1.5):.3f}", f"{at(line, 'train_loss', 2):.3f}", f"{h:+.4f} (t = {th:.2f})"])
print(f"LB end point: training loss {runs['1024']['final_train_loss']:.3f}, test error"
      f" {100 * runs['1024']['final_test_error']:.1f}%, sharpness at r = 0.5 {sharpness['1024']:.3f}")
table(["order seed", "SB training loss", "SB test error", "SB sharpness at r = 0.5", "distance to LB",
       "loss at t = -1", "t = -0.5", "t = 1.5", "t = 2", "barrier between (at t)"], rows)
show(W / "switch-0-line" / "interpolation-loss.png")
switch_barriers = [barrier(l)[0] for l in lines.values()]
verdict(max(switch_barriers) < 0.005, "the LB end point and its SB continuations are joined by straight lines"
        " without a barrier")
verdict(max(switch_barriers) < barrier(lb_sb)[0], "the barriers between the LB end point and its SB continuations"
        f" are all lower than between LB and the independent SB run of Section 2 ({barrier(lb_sb)[0]:.3f})")
verdict(all(at(l, "train_loss", -1) - at(l, "train_loss", 0) > 3 * (at(l, "train_loss", 2) - at(l, "train_loss", 1))
            for l in lines.values()),
        "the loss rises much faster away from the LB end point than away from the SB end point")

# %% [markdown]
# All three continuations move 6.5 to 6.8 from the LB end point (a little over half the LB-SB
# distance of Section 2, 11.8) to a lower training loss (0.220-0.231 against 0.281), a lower test
# error (16.1-16.6% against 17.4%) and a flatter point (sharpness 0.18-0.34 against 0.675). Along
# the three pieces of each line: away from LB the loss climbs steeply (1.1-1.5 at t = -0.5,
# 4.0-4.5 at t = -1); away from SB it rises slowly (0.28-0.46 at t = 2); between the two there is
# a small bump, 0.010 to 0.035 above the LB end (4% to 13% of the loss). That is less than the
# 0.072 between LB and the independently trained SB run of Section 2, and far less than the 0.45
# between two seeds of the same network (Section 4), but it is not zero. So the continuation stays
# in (or next to) the LB valley and slides to a lower, wider part of it, which is the slides'
# three-line picture; their "no barrier between the two points" holds only approximately here. The
# small-batch end points are sensitive: when this notebook was first executed with AVX-512 kernels
# (before `nbtool` pinned AVX2), order seed 0 ended elsewhere, with a bump of only 0.0004.
#
# ## 4. One basin? Straight lines between solutions from different seeds
#
# The slides cite Freeman & Bruna 2017 (barriers between solutions that shrink as the number of
# parameters M grows) and Draxler et al. 2018 (no barriers along suitable curves) and ask whether
# all solutions lie in one basin, and above which M. What `landscape` can measure is the barrier
# along the *straight* line. Two seeds (initialization and batch order; same data) for each of
# three widths of the hidden layer, 20 epochs with a cosine schedule:

# %%
rows, heights = [], {}
for width in [16, 64, 256]:
    ends = []
    for seed in [0, 1]:
        ends.append(landscape("train", "--model", "mlp", "--arch", f"784,{width},10", "--dataset", DATA,
                              "--epochs", "20", "--lr", "0.05", "--schedule", "cosine", "--record-every", "0",
                              "--seed", str(seed), "--out", W / f"w{width}-s{seed}"))
    ip = landscape("interpolate", "--run", W / f"w{width}-s0", "--to", W / f"w{width}-s1", "--t", "0:1:11",
                   "--data", "train", "--out", W / f"w{width}-line")
    h, th = barrier(ip)
    heights[width] = h
    rows.append([width, ends[0]["parameters"], f"{ends[0]['final_train_loss']:.3f} / {ends[1]['final_train_loss']:.3f}",
                 f"{100 * ends[0]['final_test_error']:.1f}% / {100 * ends[1]['final_test_error']:.1f}%",
                 f"{ip['distance']:.2f}", f"{at(ip, 'train_loss', th):.3f}", f"{h:.3f}"])
table(["width", "M (parameters)", "training loss (seed 0 / 1)", "test error", "distance",
       "highest loss on the line", "barrier"], rows)
slope = np.polyfit(np.log([r[1] for r in rows]), np.log([heights[w] for w in heights]), 1)[0]
print(f"least-squares fit through the three points: barrier ~ M^{slope:.2f}")
plt.figure(figsize=(5, 3.5))
plt.plot([r[1] for r in rows], [heights[w] for w in heights], "o-")
plt.xscale("log")
plt.xlabel("parameters M")
plt.ylabel("straight-line barrier (training loss)")
plt.grid(alpha=0.3)
figure("barrier-vs-width.png")
verdict(heights[16] > heights[64] > heights[256] > 0,
        "the straight-line barrier between two seeds shrinks as M grows, and is still there at the largest M")

# %% [markdown]
# Between two seeds the straight line always climbs: at width 16 (12,730 parameters) to 0.925 from
# about 0.32 at both ends, a barrier of 0.60; 0.454 at width 64; 0.335 at width 256 (203,530
# parameters). The barrier shrinks as M grows, the direction of Freeman & Bruna's result, but
# slowly: 16 times the parameters remove 44% of it, about M^-0.21 through these three points, while
# the slides summarize Freeman & Bruna as barriers of order 1/M (for their own paths, not straight
# lines). The distance between the two solutions grows with M (14.6 to 20.2) as the barrier falls.
# No width here gives two seeds joined by a barrier-free straight line; whether curved paths join
# them, as Draxler et al. find for larger networks, the tool cannot test (Section 7).
#
# ## 5. The Hessian at a minimum: zero directions, outliers and the Gauss-Newton split
#
# The last slide writes the Hessian of the loss as a Gauss-Newton part (1/P) Σ ℓ''(f) ∇f ∇fᵀ,
# positive semi-definite and of rank at most P·k (P examples, k outputs), plus a residual part
# (1/P) Σ ℓ'(f) ∇²f that vanishes where every ℓ' does; the slides on redundant
# over-parametrization ((w₁w₂)² against w²) and on outlier eigenvalues add that such a Hessian is
# mostly flat. The trained Fashion-MNIST networks' spectra follow in Section 6; first the exact
# small analogue: `memorize` builds weights of a 3-20-1 network with the
# smooth rectifier smoLU that fit 20 random points *exactly* (Cooper 2018's construction, to 100
# digits), and `hessian` computes the Hessian of L = Σ (f(x_i) - y_i)² there in 110-digit
# arithmetic, its eigenvalues, and the norms of the two parts. Then the same at two nearby points
# that do not fit exactly (every weight moved by a relative 10⁻⁹ and 10⁻⁶, seeded).

# %%
mem = landscape("memorize", "--arch", "3,20,1", "--act", "smoolu", "--data", "random:n=20,seed=1",
                "--digits", "100", "--out", W / "memorized.json")
print(mem["summary"])
weights = read_json(W / "memorized.json")
rng = np.random.default_rng(1)
noise = rng.standard_normal(len(weights["parameters"]))
for eps in ["1e-9", "1e-6"]:
    moved = dict(weights)
    moved["parameters"] = [repr(float(p) * (1 + float(eps) * z)) for p, z in zip(weights["parameters"], noise)]
    (ROOT / W / f"moved-{eps}.json").write_text(json.dumps(moved, indent=1))
spectra, rows = {}, []
for label, file in [("zero loss", "memorized.json"), ("moved 1e-9", "moved-1e-9.json"), ("moved 1e-6", "moved-1e-6.json")]:
    hs = landscape("hessian", "--weights", W / file, "--eigenvalues")
    ev = np.array(sorted((float(v) for v in hs["eigenvalues"]), key=abs))
    spectra[label] = (hs, ev)
    n_out = hs["equations"]                       # N dL = 20: the rank of the Gauss-Newton part
    outliers, rest = ev[-n_out:], ev[:-n_out]
    bulk = rest[np.abs(rest) > float(hs["threshold"])]
    rows.append([label, f"{float(hs['loss']):.2e}", hs["positive"], hs["zero"], hs["negative"],
                 f"{np.abs(outliers).min():.3g} .. {np.abs(outliers).max():.3g}",
                 f"{np.abs(bulk).max():.2e}" if len(bulk) else "none", f"{float(hs['gauss_newton_norm']):.3e}",
                 f"{float(hs['residual_part_norm']):.2e}"])
table(["point", "loss", "positive", "zero", "negative", "the 20 largest in absolute value", "largest of the rest",
       "‖Gauss-Newton part‖", "‖residual part‖"], rows)
plt.figure(figsize=(8, 4.5))
for (label, (hs, ev)), style in zip(spectra.items(), [dict(marker="o", mfc="none", ms=8), dict(marker="x", ms=6),
                                                      dict(marker="+", ms=8)]):
    order = np.argsort(-np.abs(ev))
    a, k = np.abs(ev)[order], np.arange(1, len(ev) + 1)
    line, = plt.semilogy(k[ev[order] >= 0], a[ev[order] >= 0], ls="none", label=f"{label}, λ >= 0", **style)
    plt.semilogy(k[ev[order] < 0], a[ev[order] < 0], ls="none", color=line.get_color(), alpha=0.45,
                 label=f"{label}, λ < 0", **style)
plt.axvline(20.5, color="grey", lw=0.8)
plt.xlabel("eigenvalue index (by |λ|, largest first)")
plt.ylabel("|λ|")
plt.legend(fontsize=8, ncol=2)
plt.grid(alpha=0.3)
figure("hessian-spectra.png")
h0 = spectra["zero loss"][0]
verdict(h0["matches_prediction"] and h0["positive"] == 20 and h0["zero"] == 81,
        "at the exact minimum the Hessian has 20 positive (= N) and 81 zero eigenvalues (K - N, K = 101)")
verdict(float(h0["residual_part_norm"]) < 1e-90 * float(h0["gauss_newton_norm"]),
        "at the exact minimum the residual part vanishes: the Hessian is its Gauss-Newton part")
top20 = lambda ev: np.sort(ev[np.argsort(-np.abs(ev))[:20]])
near = [spectra[k] for k in ["moved 1e-9", "moved 1e-6"]]
verdict(all(np.allclose(top20(ev), top20(spectra["zero loss"][1]), rtol=1e-2) and
            np.abs(ev[np.argsort(-np.abs(ev))[20:]]).max() < float(hs["residual_part_norm"]) for hs, ev in near),
        "near the minimum the 20 outliers stay where they were (to 1%), and every other eigenvalue is"
        " smaller than the norm of the residual part")

# %% [markdown]
# At the exact zero-loss point the Hessian is its Gauss-Newton part: the residual part has norm
# 5e-103 against 6.9e8, the 20 non-zero eigenvalues (N·dL = 20 equations, the rank of 2JᵀJ) are
# all positive and span 2.2e3 to 6.8e8, and the other 81 are zero to 100 digits, as Cooper 2018's
# Prop. 2.3 predicts. Moving every weight by a relative 1e-9 makes the loss 3.9e-6 and the
# residual part 0.24: the 20 large eigenvalues stay where they were (to 1%), and 75 of the 81 zero
# ones become a bulk of both signs (36 positive, 39 negative), none larger than 0.038 in absolute
# value. At 1e-6 the loss (3.9), the residual part (238) and the bulk (up to 38) are all 1,000 times
# larger, while the outliers still do not move. Six eigenvalues stay zero at all three points.
#
# This is the slides' picture in miniature: a few large outliers from the Gauss-Newton term
# ∇f ∇fᵀ, a bulk around zero whose size is set by the residuals (exactly zero at a zero-loss
# minimum, and of both signs, so the Hessian is indefinite, as soon as the fit is not exact). It is
# an exact regression example with K = 101 > N = 20, though: how the outliers of a trained
# classifier relate to its classes, or grow with the batch size, is not something it can show.
#
# ## 6. The Hessian of the trained networks: outliers grow with the batch size
#
# `landscape spectrum` computes the curvature of a LibTorch network's training loss from exact
# Hessian-vector products (double backward over the whole training set): the largest eigenvalues
# by Lanczos, each with its residual ‖Hy − θy‖ (an error bound); the trace (Hutch++); the
# eigenvalue density (stochastic Lanczos quadrature); and with `--ggn` the same for the
# Gauss-Newton part and for the residual part H − G. Here for the small-batch and large-batch
# minima of Section 2, on their 5,000 training images.

# %%
spec = {}
for b in ["64", "1024"]:
    spec[b] = landscape("spectrum", "--run", W / f"b{b}", "--top", "10", "--trace", "--trace-products", "60",
                        "--density", "--density-probes", "2", "--density-steps", "60", "--ggn", "--out", W / f"b{b}-spectrum")
table(["batch", "top 10 Hessian eigenvalues", "largest residual ‖Hy − θy‖", "trace", "top 3 of the Gauss-Newton part",
       "residual part H − G: largest, smallest"],
      [[b, " ".join(f"{x:.2f}" for x in r["top"]), f"{max(r['residuals']['top']):.1e}",
        f"{r['trace']:.1f} ± {r['trace_stderr']:.1f}", " ".join(f"{x:.2f}" for x in r["ggn"]["top"][:3]),
        f"{r['residual_part']['top'][0]:.3f}, {r['residual_part']['bottom'][0]:.3f}"] for b, r in spec.items()])
fig, ax = plt.subplots(figsize=(8, 4))
for b in spec:
    d = read_csv(W / f"b{b}-spectrum" / "density.csv")
    ax.semilogy([float(r["eigenvalue"]) for r in d], [max(float(r["density"]), 1e-12) for r in d], label=f"batch {b}")
ax.set(xlabel="eigenvalue", ylabel="density (log scale)", ylim=(1e-8, None),
       title="Hessian eigenvalue density at the SB and LB minima (SLQ)")
ax.legend()
ax.grid(alpha=0.3)
figure("sb-lb-density.png")
sb, lb = spec["64"], spec["1024"]
verdict(all(r["converged"] for r in spec.values()), "every eigenvalue reported met its tolerance (residuals from the products)")
verdict(lb["top"][0] > 2 * sb["top"][0], f"the large-batch minimum's largest eigenvalue is {lb['top'][0] / sb['top'][0]:.1f}"
        " times the small-batch one's (larger batches, larger outliers)")
verdict(all(abs(g - h) < 0.05 * h for g, h in zip(sb["ggn"]["top"][:5] + lb["ggn"]["top"][:5], sb["top"][:5] + lb["top"][:5])),
        "the five largest Hessian eigenvalues are those of the Gauss-Newton part to 5%: the outliers come from ∇f ∇fᵀ")

# %% [markdown]
# The slides' outlier picture holds on the trained networks. The large-batch minimum (batch 1024)
# has a largest Hessian eigenvalue about six times that of the small-batch one (42 against 6.7),
# a trace three times larger, and its density reaches much further out, while both densities have
# most of their mass in a narrow bulk around zero (the smoothing width is a fixed fraction of each
# spectrum's extent, so the large-batch bulk is drawn wider). The top eigenvalues of the Hessian
# and of its Gauss-Newton part agree to a few parts in a thousand: the outliers come from the
# ℓ'' ∇f ∇fᵀ term, and the residual part ℓ' ∇²f contributes a small symmetric band (its extreme
# eigenvalues are ± the same number, 0.16 and 0.20: this one-hidden-layer ReLU network is linear
# in each layer's parameters separately, so ∇²f only couples the two layers, and a matrix of the
# form [[0, B], [Bᵀ, 0]] has a spectrum symmetric about zero). What this small run does not show cleanly is the slides' link
# between the number of outliers and the number of classes: the top eigenvalues fall off steadily
# (no clear gap after 9 or 10 of them) in both runs.
#
# ## 7. What is not here yet
#
# Checked against `landscape --help` and the help of each command:
#
# - **Outliers against the number of classes, over many batch sizes**: Section 6 compares two
#   batch sizes by hand; `landscape experiment batch-outliers` sweeps the batch size and counts the
#   outliers (docs/experiments.md), but this notebook does not run it.
# - **Connecting minima by curves**: `landscape connect` trains the bend of a Bézier curve (Garipov
#   et al.) between two minima (the Lipton 2016 notebook runs it); Draxler et al.'s AutoNEB and the
#   string method are not built, and Section 4 uses straight lines only, so its barriers are upper
#   bounds on the true ones.
# - **The batch switch at the slides' scale**: `landscape experiment batch-switch` is Section 3 as
#   one command (the line's `barrier`, `rise_beyond_large`, `rise_beyond_small` in its JSON); the
#   slides' version (AlexNet on CIFAR-10) would need `--dataset cifar10:DIR`, absent from this
#   machine, and an AlexNet, which `--model` does not offer (it has `mlp`, `dcnn`, VGG-9,
#   DenseNet-121 and ResNets with and without shortcuts).
# - **The ResNet-56 ablation** (momentum, weight decay and preprocessing on CIFAR-10, 93.1%): ResNet-56,
#   the optimizer options and the augmentation (`--augment crop,flip`, `--normalize-channels`) are
#   there, but training ResNet-56 on CIFAR-10 to 93% is GPU work (300 epochs: about 1.6 hours on
#   an H100, docs/benchmarks.md), not a notebook on two CPU cores.
# - **MSE vs log-loss vs hinge, preprocessing vs none in one basin?** `--loss mse|ce|hinge` and
#   `--normalize-input` exist, so the slides' last open questions could be set up with
#   `interpolate` or `connect`; this notebook does not do it.

# %% timing
print(f"this notebook ran in {time.time() - started:.0f} s")
