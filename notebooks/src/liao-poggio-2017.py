# %% [markdown]
# # Liao & Poggio 2017: *Theory of deep learning II: landscape of the empirical risk*
#
# The paper makes two kinds of claims. **Algebraic** ones (Section 3): with a polynomial activation
# the zero-loss equations f(x_i; w) = y_i are polynomial in the weights, Bezout's theorem bounds the
# number of their isolated solutions (the paper's estimate: l^(Nd) for N data points, activation
# degree l and d layers), and in the overparametrized case the zero-loss set has dimension K − N
# (K weights). **Empirical** ones (Section 4 and the appendix): a polynomial net trains like a ReLU
# net (Fig. 2); perturbed branches of a training run follow slightly different paths (Figs. 3, 4, 8,
# 14); perturbed and retrained copies of a model become different models, with no barrier between
# them (Figs. 5, 23, 30, 37).
#
# This notebook checks each claim that `landscape` can check, on networks small enough to run in
# about a minute and a half on a 2-core CPU. The experiments use Fashion-MNIST subsets and small
# networks, not the paper's CIFAR-10 DCNN: they test the *pattern* of each claim at small scale.
# Every cell prints the command it runs; paste it into a shell at the repository root to repeat it.

# %%
import time
from nbtool import *

started = time.time()
W = workdir("liao-poggio-2017")  # every file of this notebook goes here

# Small non-zero rationals; a teacher network with K parameters takes the first K of them.
TEACHER = ["3/2", "-1", "1/2", "2", "-3/4", "1", "5/4", "-2", "1/3",
           "1", "-2", "1/2", "3", "1", "-1", "2", "-1/3", "1", "1", "1/2", "-3/2", "2/3"]


def n_parameters(arch, bias=True):
    widths = [int(w) for w in arch.split(",")]
    return sum(a * b + (b if bias else 0) for a, b in zip(widths, widths[1:]))


def teacher(arch, bias=True):
    """A teacher file with the right number of parameters for ARCH (widths), written under W."""
    k = n_parameters(arch, bias)
    f = W / f"teacher-{arch.replace(',', '-')}{'' if bias else '-nobias'}.txt"
    (ROOT / f).write_text("\n".join(TEACHER[:k]) + "\n")
    return f


# %% [markdown]
# ## 1. Degrees, Bezout bounds and actual solution counts
#
# **Claim** (Liao & Poggio 2017, Section 3 and the Supporting Material): replacing ReLU by a
# polynomial of degree l makes the zero-loss conditions polynomial equations "of degree l^d"; with N
# data points and as many unknowns, Bezout's theorem bounds the number of isolated solutions, by
# l^(Nd) in the paper's estimate, and "suggests that there are many solutions".
#
# `system` builds the equations exactly (here N = 6 random points) and reports their actual degree
# in the weights, the product of the degrees (the Bezout bound), and the paper's l^d and l^(Nd).

# %%
rows, degree_matches = [], []
for arch, act in [("3,2,1", "square"), ("3,4,1", "square"), ("3,4,1", "poly:0,0,0,1"),
                  ("3,2,2,1", "square"), ("tree4", "square")]:
    s = landscape("system", "--arch", arch, "--act", act, "--data", "random:n=6,seed=1")
    degree = max(s["degrees"])
    degree_matches.append(degree == s["paper_degree"])
    rows.append([arch, act, s["parameters"], s["equations"], degree, s["closed_form_degree"],
                 s["paper_degree"], s["bezout_bound"], s["paper_bezout_bound"], s["expected_dimension"]])
table(["arch", "activation", "K", "N", "degree in w", "closed form", "paper l^d", "Bezout (product)",
       "paper l^(Nd)", "K - N"], rows)
verdict(all(degree_matches), "the equations have degree l^d in the weights (Liao & Poggio 2017, Section 3)")

# %% [markdown]
# The equations are of higher degree in the weights than the paper's l^d: for one hidden layer of
# σ(z) = z², f = v·σ(w·x + b) + c has degree 1 + 2 = 3 in (w, b, v, c), not 2; the tool's closed
# form is D₁ = l, D_{k+1} = l (D_k + 1), plus 1 for the linear output layer (7 for two square
# layers, where the paper says 4). The paper's l^d is the degree of f in the *inputs* x. So the
# product of the degrees, the actual Bezout bound for the weights, exceeds the paper's l^(Nd)
# (729 vs 64 for 3-2-1, 117,649 vs 4,096 for 3-2-2-1). Both are only bounds; the next cell counts.
#
# `solve` tracks every path of a homotopy and certifies each non-singular endpoint (Krawczyk). Its
# start system is polyhedral (Huber & Sturmfels 1995) whenever the mixed volume of the equations'
# supports (with the origin added, so that no solution with a zero coordinate is lost) is below
# the Bezout number: then there is one path per unit of mixed volume instead of one per Bezout. A network system is square only after removing its continuous symmetries and choosing
# K = N, so, as in `scripts/net-root-counts.sh`, some weights are fixed to the values of a teacher
# network whose outputs are the labels (so at least one exact solution exists).

# %%
rows, counts = [], []
for arch, extra, act, fix, n in [("1,1,1", [], "square", "w1_1_1", 3),
                                 ("2,1,1", [], "poly:0,1,1", "w1_1_1", 4),
                                 ("2,1,1", [], "poly:0,0,0,1", "w1_1_1", 4),
                                 ("3,1,1", [], "poly:0,1,1", "w1_1_1", 5),
                                 ("2,2,1", ["--no-bias"], "square", "w1_1_2,w2_1_1,w2_1_2", 3),
                                 ("1,1,1,1", [], "square", "w1_1_1,w2_1_1", 4)]:
    (ROOT / W / "t.txt").write_text("\n".join(TEACHER[:9][:n_parameters(arch, not extra)]) + "\n")
    r = landscape("solve", "--arch", arch, *extra, "--act", act, "--data", f"random:n={n},seed=1",
                  "--teacher", W / "t.txt", "--fix", fix)
    counts.append((r["nonsingular"], int(r["bezout_bound"]), int(r["paper_bezout_bound"])))
    rows.append([arch + (" no bias" if extra else ""), act, fix, r["unknowns"], r["bezout_bound"],
                 r["paper_bezout_bound"], r["mixed_volume"], r["nonsingular"], r["singular"], r["at_infinity"], r["real"],
                 r["certified"], r["symmetry"]["orbits"], f"{r['nonsingular'] / int(r['bezout_bound']):.3f}"])
table(["arch", "activation", "fixed", "N = unknowns", "Bezout", "paper l^(Nd)", "mixed volume", "isolated (non-singular)",
       "singular", "paths to infinity", "real", "certified", "orbits", "share of Bezout"], rows)
verdict(all(c <= b and c <= p for c, b, p in counts),
        "no system has more isolated solutions than the Bezout bound or the paper's l^(Nd)")
print(f"largest share of the Bezout bound reached: {max(c / b for c, b, p in counts):.3f};"
      f" of l^(Nd): {max(c / p for c, b, p in counts):.3f}")

# %% [markdown]
# Every count is within both bounds, as Bezout's theorem requires, but mostly far below them: 1 to 8
# isolated complex solutions where the Bezout bound is 8 to 625 (the 1-1-1-1 net with two square
# layers: 3 solutions, Bezout 625, l^(Nd) 256). Only the tiny no-bias 2-2-1 net reaches half of its
# bound (4 of 8); the others reach at most 4% of it. The mixed volume, a third bound, which reads the
# supports and not just the degrees, is already within a few of the actual count (2 for a count of
# 1 where Bezout says 27), so few paths go to infinity. So on these systems the Bezout bound, in either form, says
# little about how many solutions there actually are; the paper's "many solutions" rests on the bound
# and is not supported by the counts at this scale. (`docs/net-root-counts.md` reports the same
# counts, and 288 of 7,776 for the `tree4` net, which takes 45 s from the total-degree start system,
# 7 s from the polyhedral one, and is not rerun here.) All
# solutions found are certified, and the counts are complex ones: fewer are real.
#
# ## 2. The dimension of the zero-loss set: K − N
#
# **Claim** (Liao & Poggio 2017, Section 3): the set of zero-loss weights is an algebraic set "of
# dimension at least K − N"; "if the underdetermined system is chosen at random the dimension is
# equal to K − N with probability one".
#
# `dim` computes the rank of the Jacobian exactly over Q at a teacher point (a point of zero loss),
# the generic rank modulo a large prime, and the functional dimension of the network (the generic
# rank of the map from weights to the polynomial f). Two smooth cases first:

# %%
for arch, n in [("3,2,1", 5), ("3,2,2,1", 8)]:
    d = landscape("dim", "--arch", arch, "--data", f"random:n={n},seed=2", "--teacher", teacher(arch))
    print(d["summary"])
    verdict(d["dimension"] == d["parameters"] - d["equations"],
            f"{arch}: dimension {d['dimension']} = K - N = {d['parameters']} - {d['equations']}")

# %% [markdown]
# Both agree: the zero-loss set is smooth at the teacher, of dimension exactly K − N.
#
# A network system is not a random system, though. Its Jacobian can never have rank above the
# network's functional dimension: a 3-4-1 net with σ(z) = z² computes a quadratic in 3 variables
# (10 coefficients), a 1-2-1 net a quadratic in 1 variable (3 coefficients). With more data points
# than that:

# %%
for arch, n in [("3,4,1", 12), ("1,2,1", 5)]:
    d = landscape("dim", "--arch", arch, "--data", f"random:n={n},seed=1", "--teacher", teacher(arch))
    print(d["summary"])
    k_minus_n = d["parameters"] - d["equations"]
    verdict(d["dimension"] >= k_minus_n, f"{arch}, N = {n}: dimension {d['dimension']} is at least K - N = {k_minus_n}")
    verdict(d["dimension"] == k_minus_n, f"{arch}, N = {n}: dimension {d['dimension']} equals K - N = {k_minus_n}")
    print(f"  generic rank {d['generic_rank']} < N = {d['equations']}: {d['generic_rank'] < d['equations']};"
          f" inconsistent for generic labels: {d['inconsistent_for_generic_labels']}")

# %% [markdown]
# When the generic rank (10, resp. 3) is below N (12, resp. 5), the zero-loss set of a teacher's
# labels is larger than K − N (11 instead of 9, 4 instead of 2): still "at least K − N", as the paper
# says, but not equal, and the paper's "with probability one" does not apply because the equations of
# a network are far from random. For random labels, the same system is inconsistent (`dim` reports
# it): there is no zero-loss point at all, the case the paper sets aside ("modulo inconsistent
# equations").
#
# Made square by fixing the two first-layer weights (K' = 5 unknowns for N = 5), the 1-2-1 system
# then has no isolated solutions at all: every endpoint `solve` finds is singular, as expected on a
# solution set of positive dimension.

# %%
r = landscape("solve", "--arch", "1,2,1", "--act", "square", "--data", "random:n=5,seed=1",
              "--teacher", teacher("1,2,1"), "--fix", "w1_1_1,w1_2_1")
print(r["summary"])
verdict(r["nonsingular"] == 0 and r["singular"] > 0,
        "no isolated solutions where the zero-loss set has positive dimension")

# %% [markdown]
# ## 3. Polynomial vs ReLU networks (Fig. 2)
#
# **Claim** (Liao & Poggio 2017, Section 3; Fig. 2 in Section 4.1): a network with a polynomial approximation of
# ReLU "performs similarly to a ReLU net", so the algebra of polynomial nets carries over.
#
# `experiment poly-vs-relu` trains the same DCNN (channels 16, 32, 64, 128) twice from the same seed:
# with ReLU and with its degree-8 Legendre approximation on [−8, 8]. Its quick preset (a
# 20,000-image Fashion-MNIST subset, 5 epochs) takes about a minute on 2 cores; here it runs 4
# epochs on 8,000 training and 2,000 test images.

# %%
p = landscape("experiment", "poly-vs-relu", "--preset", "quick", "--epochs", "4",
              "--dataset", "fashion-mnist:n=8000,test=2000", "--out", W / "poly-vs-relu")
print(p["summary"])
print(f"sup-norm error of the polynomial vs ReLU on [-8, 8]: {p['polynomial']['sup_error_vs_relu']:.3f}")
table(["activation", "final train error", "final test error", "final test loss"],
      [[k, f"{p[k]['final_train_error']:.4f}", f"{p[k]['final_test_error']:.4f}", f"{p[k]['final_test_loss']:.3f}"]
       for k in ("relu", "poly")])
curves = {k: read_csv(W / "poly-vs-relu" / k / "metrics.csv") for k in ("relu", "poly")}
table(["epoch", "relu test error", "poly test error"],
      [[a["epoch"], a["test_error"], b["test_error"]] for a, b in zip(curves["relu"], curves["poly"])])
show(W / "poly-vs-relu" / "poly-vs-relu-error.png")
verdict(p["within_3_points"], f"the test errors differ by {100 * p['test_error_gap']:.2f} points,"
        " within 3 points (the tool's criterion for 'performs similarly')")

# %% [markdown]
# The polynomial net trains like the ReLU net: the same test error after epoch 1 (22.05%), slightly
# lower after epochs 2 and 3, and 0.6 points higher at the end (13.55% vs 12.95%); its training
# error ends 2 points higher (8.2% vs 6.2%). This agrees with Fig. 2 at this scale. It says nothing
# about long training to zero error, and the size of the gap depends on the run: with 10,000 images
# and 5 epochs (tried while preparing this notebook) it was 1.75 points (13.3% vs 11.55%), also in
# the ReLU net's favour.
#
# ## 4. Perturbed branches, MDS and interpolation (Figs. 3, 8 and 4, 14)
#
# **Claim** (Liao & Poggio 2017, Section 4.2, Figs. 3 and 8): training in stages, with branches
# started from a perturbed copy of each stage's starting point, "running any trajectory with SGD again
# almost always leads to a slightly different convergence path"; MDS (1 − cos dissimilarity) of all
# recorded weights shows the branches as separate but nearby trajectories.
#
# `experiment branches` (defaults: MLP 784-64-10, 5,000 Fashion-MNIST images, 3 stages of 3 epochs,
# 2 branches per stage perturbed with σ = 0.1 × each tensor's standard deviation; the paper used
# 12 stages, 8 trajectories, σ = 0.01).

# %%
b = landscape("experiment", "branches", "--out", W / "branches")
print(b["summary"], f"(MDS stress {b['mds_stress']:.3f})")
table(["stage", "run", "final train error", "final test error"],
      [[s, name, r["final_train_error"], r["final_test_error"]]
       for s, runs in b["stages"].items() for name, r in runs.items()])
show(W / "branches" / "mds.png")

# %% [markdown]
# In the MDS picture each branch starts at the main run's point and moves along a path of its own.
# (Each colour joins the branches of stages 2 and 3 into one line; the segment from a stage's last
# point to the next stage's first is not a trajectory, since every stage's branches start from the
# main run.) How far apart do they end, compared with the perturbation? `interpolate` at epoch 0
# gives the size of the perturbation (the distance between the two starting points), `mds` the
# distances between the runs' final points.

# %%
start = {}
for s in (2, 3):
    i = landscape("interpolate", "--run", W / f"branches/stage{s}/main", "--checkpoint", "0",
                  "--to", W / f"branches/stage{s}/branch1", "--to-checkpoint", "0", "--t", "0:1:2",
                  "--data", "train", "--out", W / f"perturbation-stage{s}")
    start[s] = i["distance"]
runs = [W / f"branches/stage{s}/{r}" for s in (2, 3) for r in ("main", "branch1", "branch2")]
m = landscape("mds", "--runs", ",".join(str(r) for r in runs), "--out", W / "branches-mds")
D = m["final_distances"]
for s, o in ((2, 0), (3, 3)):
    print(f"stage {s}: perturbation |w_branch1 - w_main| at the start {start[s]:.3f};"
          f" at the end: main-branch1 {D[o][o + 1]:.3f}, main-branch2 {D[o][o + 2]:.3f},"
          f" branch1-branch2 {D[o + 1][o + 2]:.3f}")
print(f"distance travelled by the main run during stage 3 (stage-2 end to stage-3 end): {D[0][3]:.3f}")
verdict(all(D[o][o + 1] > start[s] for s, o in ((2, 0), (3, 3))),
        "branches do not return to the main run: they end farther from it than the perturbation put them")

# %% [markdown]
# The branches end 1.5 to 2.5 apart (Euclidean distance of all weights), 1.8 to 2.8 times the
# initial perturbation (0.85 in stage 2, 0.98 in stage 3), and about as far as the main run itself
# travels in a stage (2.1). So the paths do differ, as the paper says, but "slightly" is a matter of
# the metric: in 1 − cos (the MDS picture) they stay close. Two caveats the run cannot remove: in this tool each branch also uses its
# own batch order, so the divergence mixes perturbation and SGD noise (the paper separated them, with
# 4 unperturbed and 4 perturbed trajectories per stage; here there is one unperturbed main run), and
# the final errors fluctuate from run to run (stage 2: 16.5% to 26.8% training error) under the
# constant learning rate 0.05 with momentum.
#
# **Claim** (Liao & Poggio 2017, Section 4.3, Figs. 4 and 14): with full-batch gradient descent (no
# SGD noise), training "does not get stuck in any local minima"; a perturbed branch leads to "a
# slightly different model", and "interpolated models [between branch and main trajectory, epoch by
# epoch] have very reasonable performance".
#
# `--mode full-batch` runs plain gradient descent (momentum 0). The default of 3 steps per stage
# barely trains, so here: 15 steps per stage, learning rate 0.2, standardized inputs, and the paper's
# perturbation σ = 0.25.

# %%
g = landscape("experiment", "branches", "--mode", "full-batch", "--epochs", "15", "--lr", "0.2",
              "--normalize-input", "--sigma", "0.25", "--out", W / "branches-gd")
print(g["summary"])
table(["stage", "run", "final train loss", "final train error", "final test error"],
      [[s, name, f"{r['final_train_loss']:.3f}", r["final_train_error"], r["final_test_error"]]
       for s, runs in g["stages"].items() for name, r in runs.items() if name != "interpolation"])
barriers, distances = [], {}
for s in ("2", "3"):
    recs = g["stages"][s]["interpolation"]
    barriers += [max(r["train_loss"]) - max(r["train_loss"][0], r["train_loss"][-1]) for r in recs]
    distances[s] = (recs[0]["distance"], recs[-1]["distance"])
    print(f"stage {s}: |w_branch1 - w_main| {recs[0]['distance']:.3f} at the start, {recs[-1]['distance']:.3f} at the end")
main_losses = [float(row["train_loss"]) for s in (1, 2, 3)
               for row in read_csv(W / f"branches-gd/stage{s}/main/metrics.csv")]
verdict(all(y <= x + 1e-6 for x, y in zip(main_losses, main_losses[1:])),
        "gradient descent lowers the training loss at every step of the main run (no stall in 45 steps)")
verdict(max(barriers) <= 1e-6, f"no barrier between branch and main run at any epoch"
        f" (largest excess of the interpolation over the worse end: {max(barriers):.2e})")
show(W / "branches-gd" / "interpolation-stage3.png")
show(W / "branches-gd" / "mds.png")

# %% [markdown]
# Gradient descent lowers the loss at every step, and at every epoch of both stages the loss along
# the segment from the main run to branch 1 never exceeds the worse of its ends: the interpolated
# models are as good as the trained ones, as in Fig. 4. The perturbed branches run parallel to the
# main trajectory: their distance from it stays at its initial value (1.35, 1.40) for all 15 steps,
# neither shrinking back nor growing, and the MDS picture shows separate parallel paths. In stage 2
# the three runs end with the same training loss (0.541 to 0.543); in stage 3 the perturbation's cost
# persists (main run 0.470, branches 0.491 and 0.488). What this run cannot test: whether the paths stay apart near zero
# training error (here 16–17% after 45 steps), and the paper's observation that later perturbations
# change the trajectory less (two stages of a short run are too few).
#
# ## 5. Perturb and retrain (Figs. 5, 23, 30, 37)
#
# **Claim** (Liao & Poggio 2017, Section 4.4 and appendix): perturbing a model several times and
# retraining each copy gives *different* models (Fig. 5: "the 4 trajectories converge to different
# solutions"; Fig. 23: "the perturbed models really become different (although a little similar)
# models", compared with a randomly initialized reference trained the same way), and interpolating two
# retrained copies shows no barrier; "the interpolated models between perturbation 1 and 2 can even
# have slightly lower errors" (Figs. 30, 37).
#
# `experiment perturb-retrain` (defaults): a base run (MLP 784-64-10, 5,000 images), its models at
# epochs 1 and 4 each perturbed 4 times (σ = 0.25) and retrained 3 epochs with SGD; a reference from a
# fresh initialization trained as long (7 epochs).

# %%
pr = landscape("experiment", "perturb-retrain", "--out", W / "perturb-retrain")
print(f"base run: train error {pr['base']['final_train_error']}, test error {pr['base']['final_test_error']};"
      f" reference: test error {pr['reference']['final_test_error']}")
for e in ("epoch1", "epoch4"):
    print(f"{e}: retrained copies' test errors {[c['final_test_error'] for c in pr[e]['copies']]}")
show(W / "perturb-retrain" / "interpolation-epoch4.png")


def no_barrier_and_dip(curve):
    """On t in [0, 1]: the largest loss minus the worse end, and the smallest minus the better end."""
    t, loss = curve["t"], curve["train_loss"]
    inner = [l for x, l in zip(t, loss) if 0 <= x <= 1]
    return max(inner) - max(inner[0], inner[-1]), min(inner) - min(inner[0], inner[-1])


for e in ("epoch1", "epoch4"):
    for when in ("before retraining", "after retraining"):
        barrier, dip = no_barrier_and_dip(pr[e]["interpolation"][when])
        c = pr[e]["interpolation"][when]
        ends = [l for x, l in zip(c["t"], c["train_loss"]) if x in (0, 1)]
        print(f"{e}, {when}: train loss {ends[0]:.3f} (copy 1), {ends[1]:.3f} (copy 2), lowest in between"
              f" {min(l for x, l in zip(c['t'], c['train_loss']) if 0 <= x <= 1):.3f};"
              f" barrier {barrier:+.4f}, lowest point below the better end by {abs(dip):.4f}")
    barrier, dip = no_barrier_and_dip(pr[e]["interpolation"]["after retraining"])
    verdict(barrier <= 0 and dip < 0, f"{e}: after retraining, no barrier between copies 1 and 2,"
            " and models in between have a lower training loss than both (Figs. 30, 37)")

# %% [markdown]
# Between two retrained copies there is no barrier, and the loss dips below both ends: the midpoint
# region is slightly better than either model (training loss 0.507 vs 0.516/0.520 for the copies of
# the epoch-1 model, 0.402 vs 0.412/0.463 for epoch 4), the "slightly lower errors" of Figs. 30 and
# 37. Before retraining, the two perturbed copies of the epoch-4 model also show a dip; those of the
# epoch-1 model give a monotone line (the second copy is simply better). Note the models here are far
# from a global minimum (18% training error), unlike the paper's M_final.
#
# The agreement matrices (Fig. 23): rows and columns 1–4 are the retrained copies, 5 the reference.

# %%
def agreement(e):
    rows = []
    for key, label in (("p_correct_given_correct", "P(col correct given row correct)"),
                       ("p_wrong_given_wrong", "P(col wrong given row wrong)")):
        mat = pr[e][key]
        n = len(mat) - 1
        among = [mat[i][j] for i in range(n) for j in range(n) if i != j]
        ref = [mat[i][n] for i in range(n)] + [mat[n][j] for j in range(n)]
        rows.append([e, label, f"{min(among):.2f}–{max(among):.2f}", f"{min(ref):.2f}–{max(ref):.2f}"])
        verdict(min(among) > max(ref), f"{e}, {label}: every pair of retrained copies agrees more"
                " than any copy with the reference")
    return rows


rows = agreement("epoch1") + agreement("epoch4")
table(["model", "probability", "among retrained copies", "copies vs reference"], rows)
mat = pr["epoch4"]["p_correct_given_correct"]
table(["row \\ column"] + [str(j + 1) for j in range(len(mat))],
      [[str(i + 1)] + [f"{x:.3f}" for x in row] for i, row in enumerate(mat)])
show(W / "perturb-retrain" / "agreement-correct-epoch4.png")
show(W / "perturb-retrain" / "agreement-wrong-epoch4.png")

# %% [markdown]
# The retrained copies are not the same model (given one copy is wrong on a test image, another copy
# is wrong on it only 47–88% of the time for the epoch-1 model, 61–78% for epoch 4), but at this
# scale they are not measurably more alike than a model trained from a different initialization on
# the same data: the reference is wrong with them 52–73% and 61–76% of the time, inside the copies'
# range, and given a correct answer it agrees 0.86–0.94 and 0.90–0.95 against 0.84–0.97 and
# 0.90–0.95 among the copies. So Fig. 23's "a little similar" models are not reproduced here (an MLP
# at 18% training error, 3 epochs of retraining; the paper's DCNN is retrained 200 epochs on CIFAR-10).
# An earlier version of this notebook reported the reference far apart (19–23% and 0.76–0.82) and
# called the pattern confirmed: the reference had been trained and scored on another random subset of
# test images (its seed also drew the data subsets), so its rows compared different images. The
# reference now keeps the base run's data.
#
# The figures draw each matrix entry as one cell with its value written in it (row and column 5 are
# the reference). They were first drawn as heat maps that coloured the cells *between* entries,
# hiding the diagonal and blending the reference with its neighbours; writing this notebook found
# that, and the figures now use a matrix style.
#
# ## 6. What the tool does not do yet for this paper
#
# - **Critical points of the loss.** `system --critical` builds and exports the gradient system
#   ∇ Σ F² = 0 (the cell below), and `solve --system` accepts the export, but on the nets tried the
#   critical sets are not isolated (continuous symmetries of the weights). Run outside this notebook:
#   on the 1-1-1 system below, `solve` returned 14 singular endpoints, 0 non-singular ones and 190
#   failed paths out of 375 (15 s); on the 2-2-1 no-bias net with 3 points, 102 singular endpoints,
#   0 non-singular, 11,840 failed paths out of 15,625 (6.5 minutes). Nothing classifies critical
#   points (minimum, saddle), so the paper's statement that non-zero local minima "may not be
#   degenerate" is not checked.
# - **Branches at the paper's settings.** `experiment branches` has the paper's unperturbed
#   repeats (`--repeats 4`), branch points (`--branch-epochs 0,10,50,200`), one layer's MDS
#   (`--layer`) labelled by training error, and `--preset paper`; the runs above use the small
#   defaults (one unperturbed run per stage, all weights).
# - **Scale.** The runs here are an MLP or a small DCNN on Fashion-MNIST subsets for a few epochs,
#   never near zero training error, where the paper's Figs. 5 and 37 (M_final) sit.
# - **Bezout counts** beyond a few unknowns: the polyhedral start system tracks one path per unit of
#   mixed volume (384 for the 5-unknown `tree4` system against 7,776 Bezout paths, 7 s instead of
#   45 s), but a mixed volume in the hundreds of thousands (PHCpack's stable mixed volume of the
#   regularized 2→3→3 linear net's critical points is 389,017) is out of reach of any start system here.

# %%
c = landscape("system", "--arch", "1,1,1", "--data", "random:n=3,seed=1", "--critical")
print(f"zero-loss system: {c['equations']} equations of degrees {c['degrees']} in K = {c['parameters']} unknowns;"
      f" critical-point system: {c['critical']['equations']} equations of degrees {c['critical']['degrees']},"
      f" Bezout bound {c['critical']['bezout_bound']}")
_ = landscape_text("system", "--arch", "1,1,1", "--data", "random:n=3,seed=1", "--critical", "--format", "phc",
                   "--out", W / "critical-1-1-1.phc")

# %% timing
print(f"this notebook ran in {time.time() - started:.0f} s")
