# %% [markdown]
# # A tour of `landscape`
#
# `landscape` is a theory-and-symbolics companion to five papers on the loss landscape of
# overparametrized networks: Liao & Poggio 2017 (*Theory of deep learning II: landscape of the
# empirical risk*), the 2018 slides *An empirical look at the loss landscape*, Lipton 2016
# (*Stuck in a what? Adventures in weight space*), Cooper 2018 (*The loss landscape of
# overparameterized neural networks*) and Li et al. 2018 (*Visualizing the loss landscape of
# neural nets*).
#
# It does two things, on one description of a network: the **exact algebra** of networks with
# polynomial activations (the equations of zero loss, their degrees, dimensions, solution counts,
# Hessians, at exact or certified precision), and **LibTorch experiments** that train networks and
# probe their landscapes the way the papers do. This notebook runs one example of each in a few
# minutes on a laptop CPU. Every cell prints the command it runs: paste it into a shell at the
# repository root to repeat it.
#
# The paper notebooks go further: `liao-poggio-2017.ipynb`, `cooper-2018.ipynb`,
# `li-et-al-2018.ipynb`, `lipton-2016.ipynb` and `slides-2018.ipynb`.

# %%
import time
from nbtool import *

started = time.time()
W = workdir("tour")  # every file of this notebook goes here

# %% [markdown]
# ## 1. The zero-loss equations of a polynomial network
#
# A network with activation σ(z) = z² and architecture 3-2-1 has K = 11 parameters. Asking it to
# fit N = 4 data points exactly is a system of 4 polynomial equations in those 11 unknowns.
# Liao & Poggio 2017 bound the number of its solutions with Bezout's theorem; the tool reports the
# degrees of the equations as they are, the Bezout bound, and the paper's estimate.

# %%
s = landscape("system", "--arch", "3,2,1", "--act", "square", "--data", "random:n=4,seed=1")
print(f"K = {s['parameters']} unknowns, N = {s['equations']} equations of degrees {s['degrees']}")
print(f"Bezout bound (product of the degrees): {s['bezout_bound']};"
      f" Liao & Poggio's l^(N d) estimate: {s['paper_bezout_bound']}")
print(f"expected dimension of the zero-loss set, K - N: {s['expected_dimension']}")

# %% [markdown]
# The degree of each equation is 3, not the paper's l = 2: the output is v·σ(w·x + b) + c,
# of degree 1 + 2 in the weights. The bound counts only isolated solutions; with K > N the
# solutions are not isolated at all.
#
# ## 2. The dimension of the zero-loss set
#
# Liao & Poggio 2017 argue that the global minima form a set of dimension K − N. `dim` takes a
# teacher network (so the labels have an exact fit), computes the rank of the Jacobian exactly over
# the rationals at the teacher, and says whether the set is smooth of the expected dimension there.

# %%
(ROOT / W / "teacher.txt").write_text("1\n-2\n1/2\n3\n1\n-1\n2\n-1/3\n1\n1\n1/2\n")
d = landscape("dim", "--arch", "3,2,1", "--data", "random:n=5,seed=2", "--teacher", W / "teacher.txt")
print(d["summary"])
verdict(d["dimension"] == d["parameters"] - d["equations"],
        f"dimension {d['dimension']} = K - N = {d['parameters']} - {d['equations']} (Liao & Poggio 2017)")

# %% [markdown]
# ## 3. Cooper's memorization, and the Hessian there
#
# Cooper 2018 constructs, for a rectified network wide enough, weights that fit N points exactly,
# and shows (Prop. 2.3) that the Hessian of the loss at such a point has N·dL positive eigenvalues
# and K − N·dL zero ones. `memorize` builds the weights at 100 digits for the smooth rectifier
# smooLU; `hessian` counts the eigenvalues in multiprecision.

# %%
m = landscape("memorize", "--arch", "3,20,1", "--act", "smoolu", "--data", "random:n=20,seed=1",
              "--digits", "100", "--out", W / "memorized.json")
print(m["summary"])
h = landscape("hessian", "--weights", W / "memorized.json")
print(h["summary"])
verdict(h["matches_prediction"], f"{h['positive']} positive, {h['zero']} zero, {h['negative']} negative"
        f" eigenvalues: Cooper 2018 Prop. 2.3 predicts N dL = {h['predicted']['positive']} positive,"
        f" K - N dL = {h['predicted']['zero']} zero and none negative")

# %% [markdown]
# ## 4. Counting solutions by homotopy continuation
#
# When a system is square, its isolated solutions can be counted. `solve` tracks the paths of a
# homotopy from a total-degree or polyhedral start system (whichever has fewer paths) and
# certifies each non-singular solution (Krawczyk). A small example with
# known answer: (x − 1)²(x − 2) = 0 and (y + 1)(y − 3)(y² − 2) = 0 have 2 × 4 = 8 distinct
# solutions, 4 of them (those with x = 1) double roots.

# %%
(ROOT / W / "product.phc").write_text("2\n (x-1)^2*(x-2);\n (y+1)*(y-3)*(y^2-2);\n")
r = landscape("solve", "--system", W / "product.phc")
print(r["summary"])
verdict(r["nonsingular"] == 4 and r["singular"] == 4 and r["certified"] == 4,
        "4 simple solutions (x = 2), all certified, and 4 double ones (x = 1)")

# %% [markdown]
# ## 5. Training a network, and the landscape around it
#
# The LibTorch side trains the same kinds of networks on real data (Debian's Fashion-MNIST; here a
# 5,000-image subset) and records the trajectory. `surface` then evaluates the loss along a random
# direction normalized filter by filter (Li et al. 2018), and `pca` projects the trajectory on its
# top principal components.

# %%
t = landscape("train", "--model", "mlp", "--dataset", "fashion-mnist:n=5000,test=1000",
              "--epochs", "5", "--lr", "0.05", "--seed", "0", "--out", W / "mlp")
print(t["summary"])
sf = landscape("surface", "--run", W / "mlp", "--x", "-1:1:41", "--samples", "5000",
               "--out", W / "mlp-1d.h5")
show(W / "mlp-1d-1d-loss.png")

# %%
p = landscape("pca", "--run", W / "mlp", "--out", W / "pca", "--samples", "2000", "--grid", "15")
ev = p["explained_variance_ratio"]
print(f"the first two principal components hold {100 * ev[0]:.1f}% and {100 * ev[1]:.1f}% of the trajectory's variance")
show(W / "pca" / "pca-path.png")

# %% [markdown]
# As in Li et al. 2018 (Figs. 9–10), almost all of the motion lies in two directions.
#
# ## 6. The claims, checked in one go
#
# `proofs-check` runs the claims of Liao & Poggio 2017 and Cooper 2018 that can be checked on small
# networks, on seeded random instances, and writes a table (and JSON). The quick battery:

# %%
proofs_check("--quick", "--markdown", W / "proofs-check.md", "--json", W / "proofs-check.json")
table_lines = [l for l in (ROOT / W / "proofs-check.md").read_text().split("## Claims")[0].splitlines()
               if l.startswith("|")]
# the table without its last column (seconds, which vary from run to run)
display(Markdown("\n".join(l[:l.rstrip(" |").rfind("|") + 1] for l in table_lines)))
failed = sum(c["failed"] for c in read_json(W / "proofs-check.json")["claims"])
verdict(failed == 0, "every claim checked holds on every instance tried")

# %% [markdown]
# *Undecided* counts the instances that fall outside a claim's hypothesis, where the check says so
# rather than count a pass or a failure: random instances on which the N·dL equations are not
# independent (the generic rank of the Jacobian is below N·dL, for `liao-poggio-dimension`), or a
# network too small to reach Jacobian rank N·dL at any point (for `cooper-thm-2.1`).

# %% timing
print(f"this notebook ran in {time.time() - started:.0f} s")
