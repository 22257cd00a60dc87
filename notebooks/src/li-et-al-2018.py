# %% [markdown]
# # Li et al. 2018: visualizing the loss landscape of neural nets
#
# Li, Xu, Taylor, Studer & Goldstein 2018 (*Visualizing the loss landscape of neural nets*) plot
# the loss around a trained network along random directions, each rescaled filter by filter to the
# norm of the corresponding filter of the weights ("filter normalization", Section 4). They argue
# that
#
# 1. with filter normalization, 1-D and 2-D plots around a minimizer (Figs. 1, 5, 6) show its
#    geometry, and well-behaved networks sit in a wide region of nearly convex contours;
# 2. the sharpness of filter-normalized plots tracks generalization, while un-normalized plots and
#    plain 1-D interpolation mislead, because they see the scale of the weights (Section 5,
#    Figs. 2-3): small batches give flat minima and lower test error, and weight decay can flip
#    the *apparent* sharpness of un-normalized plots;
# 3. straight lines between parameter vectors (Section 3, after Goodfellow et al.) show a
#    monotone descent from the initialization, and peaks between distinct minima;
# 4. optimization paths lie in a very low-dimensional space: random directions capture almost none
#    of the motion (Section 7.1, Fig. 8), and 40% to 90% of the variation lies in the top two PCA
#    directions (Section 7.2, Figs. 9-10).
#
# The paper uses VGG-9, ResNets and DenseNets on CIFAR-10. Here at small scale with `landscape`:
# ReLU MLPs on a 5,000-image subset of Fashion-MNIST (1,000 test images), on the CPU with fixed
# seeds. Every cell prints the command it runs; paste it into a shell at the repository root to
# repeat it.

# %%
import time

import h5py
import numpy as np

from nbtool import *

started = time.time()
W = workdir("li-et-al-2018")  # every file of this notebook goes here
DATA = "fashion-mnist:n=5000,test=1000,seed=0"  # the subset is pinned, whatever --seed a run has
RECIPE = ["--model", "mlp", "--arch", "784,256,10", "--dataset", DATA, "--epochs", "20",
          "--lr", "0.05", "--schedule", "cosine"]


# %% [markdown]
# ## 1. 1-D and 2-D filter-normalized surfaces (Figs. 1, 5, 6)
#
# Li et al. 2018, Section 6: around the minimizers of well-behaved networks (ResNets, shallow
# VGG-like nets, Wide-ResNets) the filter-normalized 2-D plots show "a region with convex contours
# in the center, and no dramatic non-convexity"; deep networks without skip connections turn
# chaotic. An MLP with one hidden layer of 256 units (203,530 parameters) is the shallow end of
# this. It is trained for 20 epochs with a cosine learning-rate schedule (SGD, momentum 0.9,
# batch 128), so that it ends at rest rather than bouncing at a constant step size.

# %%
run = landscape("train", *RECIPE, "--seed", "0", "--out", W / "mlp")
print(f"{run['model']}, {run['parameters']} parameters: training loss {run['final_train_loss']:.4f},"
      f" training error {100 * run['final_train_error']:.2f}%, test error {100 * run['final_test_error']:.1f}%")
s1 = landscape("surface", "--run", W / "mlp", "--x", "-1:1:41", "--data", "both", "--out", W / "mlp-1d.h5")
one = read_h5(W / "mlp-1d.h5")
x = one["xcoordinates"]
k = int(np.argmin(one["train_loss"]))
print(f"along one filter-normalized direction: training loss {one['train_loss'][20]:.4f} at 0,"
      f" smallest {one['train_loss'][k]:.4f} at alpha = {x[k]:+.2f}; at alpha = -1 / +1:"
      f" {one['train_loss'][0]:.3f} / {one['train_loss'][-1]:.3f}")
print(f"test loss {one['test_loss'][20]:.4f} at 0, {one['test_loss'][0]:.3f} / {one['test_loss'][-1]:.3f} at -1 / +1;"
      f" test accuracy {one['test_acc'][20]:.1f}% at 0, {one['test_acc'][0]:.1f}% / {one['test_acc'][-1]:.1f}% at -1 / +1")
show(W / "mlp-1d-1d-loss.png")
verdict(abs(x[k]) < 0.06 and one["train_loss"][0] > one["train_loss"][20] < one["train_loss"][-1],
        "the trained weights are the lowest point of the 1-D filter-normalized plot, the loss rising on both sides")

# %%
s2 = landscape("surface", "--run", W / "mlp", "--x", "-1:1:21", "--y", "-1:1:21", "--out", W / "mlp-2d.h5")
two = read_h5(W / "mlp-2d.h5")
L2 = two["train_loss"]
i, j = np.unravel_index(int(np.argmin(L2)), L2.shape)
# strict local minima of the grid (each point against its up to 8 neighbours)
minima = [(a, b) for a in range(L2.shape[0]) for b in range(L2.shape[1])
          if all(L2[a, b] < L2[c, d] for c in range(max(a - 1, 0), min(a + 2, L2.shape[0]))
                 for d in range(max(b - 1, 0), min(b + 2, L2.shape[1])) if (c, d) != (a, b))]
print(f"2-D grid of 21 x 21 points: training loss {L2[10, 10]:.4f} at the centre, smallest {L2[i, j]:.4f}"
      f" at ({two['xcoordinates'][i]:+.1f}, {two['ycoordinates'][j]:+.1f}), largest {L2.max():.3f}")
print(f"strict local minima on the grid: {len(minima)}")
show(W / "mlp-2d-2d-contour.png")
show(W / "mlp-2d-3d-surface.png")
verdict(len(minima) == 1 and max(abs(i - 10), abs(j - 10)) <= 1,
        "the 2-D filter-normalized plane has a single basin, at the trained weights (Li et al. 2018, Section 6)")

# %% [markdown]
# The trained MLP sits at the bottom of a smooth bowl: along the random 1-D direction the
# training loss rises from 0.27 to 0.34 and 0.38 at alpha = -1 and +1 (a filter-normalized step of
# 1 moves each neuron's incoming weights by their own norm) and the test accuracy drops by 0.6 and
# 1.8 points, and the 21 × 21 plane has one strict local minimum, at the centre. The contours are elongated ellipses, not circles: the two random
# directions see different curvatures and are correlated in their effect. Nothing chaotic
# appears, which is what Li et al. report for shallow networks (ResNet-20-noshort and shallower);
# their transition to chaos comes with depth (56 and 110 layers without skip connections), which
# this two-layer MLP cannot show (see Section 6).
#
# ## 2. Filter normalization vs none: the sharp-vs-flat dilemma (Section 5, Figs. 2-3)
#
# Li et al. 2018, Section 5: small batches (128) give flat minima and large batches (8192) sharp
# ones when the plots are filter-normalized, and "sharpness correlates well with generalization
# error"; without normalization the picture follows the weights' scale instead: with weight
# decay, the small-batch weights shrink more (more updates per epoch), and the large-batch minimum
# *looks* flatter (Fig. 2, d-f). `experiment sharp-flat` trains four networks (batch 64 and 1024,
# weight decay 0 and 5e-4; by default MLPs 784-64-10, 10 epochs, lr 0.05, on the same 5,000-image
# subset as above), plots 1-D curves around each along a filter-normalized and an un-normalized
# random direction, and reports the sharpness (L(-0.5) + L(0.5))/2 - L(0) along each and the
# Spearman rank correlation of each sharpness with the test error.

# %%
def sharp_flat(out, *extra):
    """Runs experiment sharp-flat, prints its table; returns the summary and the runs by name."""
    sf = landscape("experiment", "sharp-flat", *extra, "--out", W / out)
    runs = {r["run_dir"].rstrip("/").split("/")[-1]: r for r in sf["runs"]}  # b64, b1024, b64-wd, b1024-wd
    table(["run", "training loss", "test error", "weight norm", "sharpness, filter-normalized",
           "sharpness, un-normalized"],
          [[name, f"{r['final_train_loss']:.3f}", f"{100 * r['final_test_error']:.1f}%", f"{r['weight_norm']:.2f}",
            f"{r['sharpness_filter']:.3f}", f"{r['sharpness_none']:.2f}"] for name, r in runs.items()])
    print(f"Spearman rank correlation with the test error: filter-normalized"
          f" {sf['spearman_test_error_vs_sharpness_filter']:.2f},"
          f" un-normalized {sf['spearman_test_error_vs_sharpness_none']:.2f}")
    return sf, runs


def small_batch_flatter(runs):
    return all(runs[s]["sharpness_filter"] < runs[l]["sharpness_filter"]
               for s, l in [("b64", "b1024"), ("b64-wd", "b1024-wd")])


def small_batch_better(runs):
    return all(runs[s]["final_test_error"] < runs[l]["final_test_error"]
               for s, l in [("b64", "b1024"), ("b64-wd", "b1024-wd")])


sf, runs = sharp_flat("sharp-flat")
show(W / "sharp-flat" / "1d-filter-normalized.png")
show(W / "sharp-flat" / "1d-unnormalized.png")
verdict(sf["spearman_test_error_vs_sharpness_filter"] > sf["spearman_test_error_vs_sharpness_none"],
        "filter-normalized sharpness ranks the four runs closer to their test errors than un-normalized sharpness")
verdict(small_batch_flatter(runs) and small_batch_better(runs),
        "small batches give flatter (filter-normalized) minima and lower test error, with and without weight decay")
verdict(runs["b1024"]["weight_norm"] < runs["b64"]["weight_norm"],
        "without weight decay the large-batch weights are smaller (Li et al. 2018, Fig. 2c)")
verdict(runs["b1024-wd"]["weight_norm"] > runs["b64-wd"]["weight_norm"],
        "with weight decay the large-batch weights are larger, which flips the apparent sharpness (Fig. 2f)")

# %% [markdown]
# With the experiment's defaults the paper's picture appears: the two small-batch runs are flatter
# by a factor of about three along filter-normalized directions (0.17-0.18 against 0.56-0.57) and
# have the lower test errors, and the filter-normalized sharpness orders the four runs exactly as
# their test errors do (Spearman 1.0, against 0.8 un-normalized). Two things differ from Section 5:
#
# - The weight-decay flip of Fig. 2 does not happen. The large-batch weights have half the norm of
#   the small-batch ones with or without decay (7.3 against 13.9-15.2): a decay of 5e-4 over 10
#   epochs barely moves the norms, and the large-batch runs made only 50 updates, so their weights
#   had little time to grow. The un-normalized sharpness therefore keeps almost the same order as
#   the normalized one: the misleading case Li et al. warn about is not produced at this scale.
# - The large-batch runs are not minimizers of the same quality: their training loss is 0.61
#   against 0.36-0.40 (Li et al. train to convergence). Part of their "sharpness" is that they
#   sit higher up the wall of the valley.
#
# Four runs are few, so the same experiment in three more settings: 30 epochs instead of 10, and
# the wider MLP 784-256-10 of Section 1 (for 10 and 30 epochs). Only the summary of each is
# printed; their figures are in `out/notebooks/li-et-al-2018/sharp-flat-*/`.

# %%
settings = {"784-64-10, 10 epochs": (sf, runs)}
for label, out, extra in [("784-64-10, 30 epochs", "sharp-flat-64-30", ["--epochs", "30"]),
                          ("784-256-10, 10 epochs", "sharp-flat-256-10", ["--arch", "784,256,10"]),
                          ("784-256-10, 30 epochs", "sharp-flat-256-30", ["--arch", "784,256,10", "--epochs", "30"])]:
    print(label)
    settings[label] = sharp_flat(out, *extra)
table(["setting", "Spearman, filter-normalized", "Spearman, un-normalized", "small batch flatter",
       "small batch lower test error"],
      [[label, f"{s['spearman_test_error_vs_sharpness_filter']:.2f}", f"{s['spearman_test_error_vs_sharpness_none']:.2f}",
        "yes" if small_batch_flatter(r) else "no", "yes" if small_batch_better(r) else "no"]
       for label, (s, r) in settings.items()])
verdict(all(s["spearman_test_error_vs_sharpness_filter"] > 0 for s, _ in settings.values()),
        "in every setting, flatter filter-normalized minima go with lower test error (Spearman > 0)")

# %% [markdown]
# Small batches are flatter in all four settings, and in three of them the filter-normalized
# sharpness ranks the runs by test error as well as or better than the un-normalized one (Spearman
# 1.00, 0.95, 0.80 against 0.80, 0.95, 0.60). The fourth, the wider MLP after 30 epochs, goes the
# other way: the small-batch run with weight decay is the flattest of the four (0.042) and has the
# highest test error (17.5%), and the filter-normalized correlation is -0.40 against +0.40
# un-normalized.
#
# How much these correlations mean shows in their stability. Most test-error differences within a
# setting are one point or less, while the standard error of an error rate near 17% on 1,000 test
# images is about 1.2 points. And when this notebook was first executed, with LibTorch and OpenBLAS
# using AVX-512 kernels (before `nbtool` pinned AVX2 so that the printed numbers repeat on any
# x86-64 machine), the same four settings gave Spearman 1.00, 0.74, 0.40 and -1.00 for the
# filter-normalized sharpness: a change in the last bits of the arithmetic moves the small-batch
# runs enough to reorder them. With four runs and such differences the rank correlation is mostly
# noise, in either direction. What the small runs support is the geometric half of Section 5 (small
# batch, flatter filter-normalized minimum), not yet the generalization half; testing that needs
# converged runs, a large test set, repeated seeds, and more than four points.
#
# ## 3. Straight lines between parameter vectors (Section 3; Goodfellow et al.)
#
# Li et al. 2018, Section 3, on 1-D linear interpolation: Goodfellow et al. "found that loss
# functions appear to lack local minima along the minimization trajectory" (the line from the
# initialization to the solution), and Smith & Topin and Im et al. use the line between different
# minima to show "the peaks between them". `interpolate` evaluates (1 - t) w_A + t w_B on the
# training and test sets. First, from the initialization (epoch 0 of the run) to the trained weights:

# %%
g = landscape("interpolate", "--run", W / "mlp", "--checkpoint", "0", "--to", W / "mlp",
              "--t", "0:1:21", "--out", W / "init-to-final")
steps = np.diff(g["train_loss"])
print(f"|w_final - w_0| = {g['distance']:.2f}; training loss {g['train_loss'][0]:.3f} at t = 0,"
      f" {g['train_loss'][-1]:.4f} at t = 1; largest step-to-step change {steps.max():+.4f}")
verdict(bool(np.all(steps < 0)), "the training loss falls monotonically along the line from the initialization"
        " to the solution (Goodfellow et al., quoted in Li et al. 2018, Section 3)")

# %% [markdown]
# Then between two minimizers: a second network with the same recipe and data but another seed
# (initialization and batch order), and the line between the two, extended by half its length on
# each side.

# %%
run1 = landscape("train", *RECIPE, "--seed", "1", "--out", W / "mlp-seed1")
print(f"seed 1: training loss {run1['final_train_loss']:.4f}, test error {100 * run1['final_test_error']:.1f}%")
ip = landscape("interpolate", "--run", W / "mlp", "--to", W / "mlp-seed1", "--t", "-0.5:1.5:41",
               "--out", W / "seed0-to-seed1")
t = np.array(ip["t"])
tr, te = np.array(ip["train_loss"]), np.array(ip["test_loss"])
inside = (t >= 0) & (t <= 1)
m = int(np.argmax(np.where(inside, tr, -np.inf)))
barrier = tr[m] - max(tr[t == 0][0], tr[t == 1][0])
print(f"|w_B - w_A| = {ip['distance']:.2f}")
print(f"training loss {tr[t == 0][0]:.4f} at A, {tr[t == 1][0]:.4f} at B, {tr[m]:.4f} at t = {t[m]:.2f}:"
      f" a barrier of {barrier:.3f}; test loss {te[m]:.3f} there against {te[t == 0][0]:.3f} / {te[t == 1][0]:.3f}")
show(W / "seed0-to-seed1" / "interpolation-loss.png")
verdict(barrier > 0.1, "two minimizers from different seeds are separated by a peak along the straight line")

# %% [markdown]
# Both kinds of line behave as the paper describes. From the initialization the training loss falls
# monotonically, with no bump, from 2.30 to 0.27, although gradient descent itself did not travel
# in a straight line (Section 4 shows its path). Between the two minimizers the loss more than
# doubles halfway (0.60 against 0.25-0.27), and the test loss rises with it: the straight line
# leaves the low region between the two solutions. This says nothing about whether a *curved* path
# without a barrier exists between them (the mode-connectivity question); `landscape` has no path
# optimizer for that. And, as Li et al. stress, such 1-D lines do not normalize for the weights'
# scale, so their widths should not be compared across networks.
#
# Pinning the data subset matters for this comparison: a dataset spec without `seed=` takes the
# run's `--seed`, so runs with seeds 0 and 1 would otherwise be trained (and evaluated) on
# different 5,000-image subsets, and the line would mix two different losses.
#
# ## 4. Optimization paths (Section 7, Figs. 8-10)
#
# Li et al. 2018, Section 7.1: "a randomly chosen vector will lie orthogonal to the low-rank space
# containing the optimization path, and a projection onto a random direction will capture almost
# no variation" (Fig. 8); Section 7.2: "between 40% and 90% of the variation in the descent paths
# lies in a space of only 2 dimensions" (Figs. 9-10). `pca` takes the run's recorded parameters
# (61 records: every epoch end and about 50 in between), relative to the final point, and draws
# the path over the loss contours of the plane of the top two components.

# %%
p = landscape("pca", "--run", W / "mlp", "--out", W / "pca", "--grid", "21")
ev = p["explained_variance_ratio"]
print(f"{p['records']} records; explained variance of PC1..PC5: "
      + ", ".join(f"{100 * v:.1f}%" for v in ev[:5]) + f"; top two together {100 * (ev[0] + ev[1]):.1f}%")
grid = np.array([[float(v) for v in line.split()] for line in (ROOT / W / "pca" / "pca-path.dat").read_text().splitlines()
                 if line.strip() and not line.startswith("#") and len(line.split()) == 3])  # PC1, PC2, loss
low = grid[int(np.argmin(grid[:, 2]))]
near_end = grid[int(np.argmin(np.hypot(grid[:, 0], grid[:, 1])))]
print(f"contour grid: training loss {near_end[2]:.3f} at the grid point next to the end point,"
      f" smallest {low[2]:.3f} at (PC1, PC2) = ({low[0]:.2f}, {low[1]:.2f})")
show(W / "pca" / "pca-path.png")
verdict(ev[0] + ev[1] >= 0.4, f"the top two PCA directions hold at least 40% of the path's variation"
        f" ({100 * (ev[0] + ev[1]):.1f}%; Li et al. 2018 report 40% to 90%)")

# %% [markdown]
# The same measure for random directions, computed here from the recorded trajectory
# (`trajectory.h5`): the share of the path's variance (centred, as `pca` does) along the
# filter-normalized random direction of Section 1 (`mlp-1d.directions.h5`) and along plain
# Gaussian directions, beside the share along PC1.

# %%
with h5py.File(ROOT / W / "mlp" / "trajectory.h5", "r") as f:
    P = f["parameters"][:].astype(np.float64)
D = P - P[-1]
D = D - D.mean(axis=0)
total = float(np.sum(D ** 2))


def share(direction):
    u = direction / np.linalg.norm(direction)
    return float(np.sum((D @ u) ** 2)) / total


d_filter = read_h5(W / "mlp-1d.directions.h5")["xdirection"]
rng = np.random.default_rng(0)
gauss = [share(rng.standard_normal(P.shape[1])) for _ in range(5)]
print(f"{P.shape[1]} parameters; 1/n = {1 / P.shape[1]:.2e}")
print(f"share of the variance along the filter-normalized direction of Section 1: {share(d_filter):.2e}")
print("along five Gaussian directions: " + ", ".join(f"{s:.1e}" for s in gauss)
      + f" (mean {np.mean(gauss):.1e})")
print(f"along PC1: {ev[0]:.3f}")
verdict(max(gauss + [share(d_filter)]) < 1e-3 * ev[0],
        "random directions capture less than a thousandth of what PC1 does (Li et al. 2018, Section 7.1)")

# %% [markdown]
# The path is very low-dimensional, more so than in the paper: 85.7% of its variance lies along
# PC1 and 8.0% along PC2, 93.6% together, above the paper's upper end of 90%. This is a short,
# smooth run of a shallow network with a decaying step size; Li et al.'s 300-epoch runs with step
# decays and weight decay wander more ("orbit" the solution). A Gaussian random direction captures
# about what 1/n predicts for n = 203,530 parameters (1.1e-6 to 4.7e-6, mean 2.7e-6, against
# 1/n = 4.9e-6); the filter-normalized one captures 4.8e-5, still about 18,000 times less than
# PC1. So the Fig. 8 failure of random directions is reproduced, and so is the low dimensionality.
#
# In the PCA plane the path leaves the start along PC1, swings out along PC2 and comes back. The
# contours are not centred on the end point: the loss keeps falling beyond it along -PC1 (0.245 at
# the edge of the grid against 0.273 next to the end). The PCA plane contains the direction
# training was still moving in when the cosine schedule stopped it, while the random plane of
# Section 1 is nearly orthogonal to it and shows the end point at its bottom: both are true, and
# together they say that this end point is a minimum in almost every direction but not in the
# one the optimizer was following.
#
# ## 5. Curvature maps (Section 6, Fig. 7)
#
# Li et al. map |λmin/λmax|, the ratio of the Hessian's most negative to its largest eigenvalue,
# over the plane of a 2-D plot: near zero where the surface is convex in every direction (up to
# small negative curvature), large where it is not; the convex-looking plots of shallow networks
# come with small ratios, the chaotic ones of deep networks without shortcuts with large ones.
# `curvature-map` computes both eigenvalues at each point by Lanczos on exact Hessian-vector
# products, with the directions of Section 1's 2-D surface; on a 5 × 5 grid over the first 1,000
# training images, to a relative tolerance of 1e-2 (the ratio to two digits).

# %%
cm = landscape("curvature-map", "--run", W / "mlp", "--x", "-1:1:5", "--y", "-1:1:5", "--samples", "1000",
               "--tol", "0.01", "--dir-file", W / "mlp-2d.directions.h5", "--out", W / "mlp-curvature.h5")
cmap = read_h5(W / "mlp-curvature.h5")
ratio = np.abs(cmap["min_eig"] / cmap["max_eig"])
print(f"largest eigenvalue {cmap['max_eig'][2, 2]:.3f} and smallest {cmap['min_eig'][2, 2]:.4f} at the centre;"
      f" over the plane the largest runs from {cmap['max_eig'].min():.3f} to {cmap['max_eig'].max():.3f}")
print("|min/max| on the grid (rows x = -1 .. 1, columns y = -1 .. 1):")
print(np.array2string(ratio, precision=3, suppress_small=True))
show(W / "mlp-curvature-ratio-heatmap.png")
verdict(cm["unconverged"] == 0 and ratio.max() < 0.2,
        f"over the whole plane |λmin/λmax| stays below 0.2 (at most {ratio.max():.3f}): no region of"
        " significant negative curvature, as Li et al. find for shallow networks")

# %% [markdown]
# The map agrees with the 2-D plot of Section 1: the whole plane is a region of positive
# curvature. At the trained weights the most negative eigenvalue is zero to the tolerance (the
# eigenvalues are resolved to 1e-2 of the largest, so a ratio printed as 0 means below about
# 0.01), and across the plane the ratio stays below 0.1 while the largest eigenvalue grows from
# 11 at the centre to 36 at the edge: the bowl gets steeper, not less convex, away from the
# minimum. This is the blue of Li et al.'s Fig. 7 for their shallow, convex-looking networks; the
# yellow regions of the deep networks without shortcuts need the depth this MLP does not have.

# ## 6. What is not here yet
#
# Checked against `landscape --help` and the help of each command:
#
# - **Curvature maps at the paper's resolution**: Section 5's 5 × 5 map on 1,000 images costs
#   about as much as the rest of the notebook; Fig. 7's 51 × 51 maps of ResNets on CIFAR-10 are GPU
#   work (`curvature-map` splits a grid across ranks under `mpirun`).
# - **Paper scale for the architectures and the recipe**: VGG-9, DenseNet-121, the ResNets with and
#   without shortcuts and the Wide-ResNets are all there (`--model vgg9`, `densenet121`,
#   `resnet56-noshort`, `wrn56-4`, ...), and so is the CIFAR-10 recipe (`--augment crop,flip`,
#   `--normalize-channels`, `--nesterov`, `--schedule milestones:150,225,275:0.1`). Table 1 and
#   Table 2 are one command each (`experiment optimizer-grid`, `experiment architectures`, with
#   `--preset paper`), but 300 epochs of CIFAR-10 (not a Debian package) are GPU work; the small
#   presets run on the CPU and are listed in docs/experiments.md, not run here.
# - **Skip connections at depth (Fig. 5)**: ResNet-56/110 with and without shortcuts can be trained
#   and plotted with the commands above (`--model resnet56-noshort`), but a 51 × 51 surface of a
#   trained ResNet-56 on CIFAR-10 is hours of GPU time, far outside a notebook that must run in a
#   couple of minutes on two CPU cores. The depth-driven transition to chaos is therefore not
#   tested here.
# - **Layer normalization** of directions (Appendix A.2) is there (`surface --directions layer`)
#   but not used above; nor are the diagnostics `experiment sharp-flat` draws beside its 1-D plots
#   (weight norms per epoch, Fig. 10; weight histograms, Fig. 2), the learning-rate-drop markers of
#   `pca` (Fig. 9) and `surface --repeat 10` (ten random directions overlaid, Fig. 16).

# %% timing
print(f"this notebook ran in {time.time() - started:.0f} s")
