#!/usr/bin/env python3
"""Writes OUT/REPORT.md (and OUT/REPORT.html when python3-markdown is installed) from the results
of scripts/run-demo.sh: one section per capability with the command that ran, the key numbers
read from its JSON result (OUT/results/NAME.json, the command in NAME.cmd), the verdict against
the theorem or the paper's claim, and the figure embedded as a Markdown image.

Usage: demo_report.py OUT [--seconds S]

A section whose result is missing says so; a claim that does not hold is marked FAIL, never
hidden. The exit status is 0 when the report was written, whatever the verdicts.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

PASS, FAIL, INFO = "PASS", "FAIL", "info"


class Section:
    def __init__(self, title, claim, rows, verdict, figure=None, note=None):
        self.title, self.claim, self.rows, self.verdict = title, claim, rows, verdict
        self.figure, self.note = figure, note


def number(x, digits=4):
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e9):
            return f"{x:.{digits - 1}e}"
        if abs(x) >= 10 ** digits:
            return f"{x:,.0f}"
        return f"{x:.{digits}g}"
    return str(x)


def percent(x):
    return f"{100 * x:.2f}%"


def verdict(ok):
    return PASS if ok else FAIL


def png(files, suffix):
    """The first PNG among FILES (a list of paths) that ends with SUFFIX."""
    for f in files or []:
        if f.endswith(suffix):
            return f
    return None


# Each builder takes the step's JSON object and returns a Section.
def log10_or_minus_infinity(x):
    """A log10 from the JSON: null there means an exact zero (log10 = -infinity)."""
    return float("-inf") if x is None else x


def system(j):
    same = len(j["degrees"]) == j["equations"] > 0 and all(d == j["closed_form_degree"] for d in j["degrees"])
    return Section(
        "Zero-loss polynomial system (Liao & Poggio 2017, App. A)",
        "Each of the N·dL equations has the degree of the closed form D₁ = ℓ, D_{k+1} = ℓ(D_k + 1) "
        "(+1 for a linear output); Bezout bounds the isolated solutions by the product of the degrees.",
        [("parameters K", j["parameters"]), ("equations N·dL", j["equations"]),
         ("degrees", ", ".join(map(str, j["degrees"]))), ("closed-form degree", j["closed_form_degree"]),
         ("Bezout bound", j["bezout_bound"]), ("Liao & Poggio's ℓ^{Nd}", j["paper_bezout_bound"]),
         ("expected dimension K − N·dL", j["expected_dimension"])],
        verdict(same))


def system_large(j):
    return Section(
        "A large system: arch 4,8,8,1, N = 40 (exact, FLINT)",
        "The system is built exactly however many terms it has.",
        [("parameters K", j["parameters"]), ("equations", j["equations"]),
         ("terms", j["total_terms"]), ("log10 Bezout bound", number(j["log10_bezout"])),
         ("expected dimension", j["expected_dimension"]), ("seconds", number(j["seconds"], 3))],
        verdict(j["equations"] == 40 and j["zero_equations"] == 0))


def functional_dim(j):
    # f = v1 (w1·x)^2 + v2 (w2·x)^2: the quadratic forms in 3 variables of rank <= 2, a
    # hypersurface (det = 0) in the 6-dimensional space of quadratic forms: dimension 5.
    return Section(
        "Functional dimension: 3-2-1, z², no bias",
        "f(x) = Σ v_j (w_j·x)² sweeps the quadratic forms of rank ≤ 2 in 3 variables, the hypersurface "
        "det = 0 of the 6-dimensional space: dimension 5, not the naive count 6 (closed form).",
        [("parameters K", j["parameters"]), ("functional dimension", j["functional_dimension"]),
         ("closed form", 5), ("method", j["functional_method"])],
        verdict(j["functional_dimension"] == 5))


def dim(j):
    return Section(
        "Local dimension of the zero-loss set at a teacher point (Liao & Poggio 2017; Cooper 2018, Thm 2.1)",
        "At a generic smooth point the zero-loss set has dimension K − N·dL.",
        [("parameters K", j["parameters"]), ("equations N·dL", j["equations"]),
         ("Jacobian rank", j["jacobian_rank"]), ("local dimension", j["dimension"]),
         ("K − N·dL", j["expected_dimension"]), ("method", j["method"])],
        verdict(j["dimension"] == j["expected_dimension"] and j["smooth_of_expected_dimension"] is True))


def memorize(j):
    limit = -(j["digits"] - 10)
    return Section(
        "Cooper's construction (Cooper 2018, Lemma 3.3)",
        f"A width-N net with a rectified activation fits N distinct points exactly: the largest residual "
        f"is below 10^{limit} at {j['digits']} digits and the Jacobian has full rank N·dL.",
        [("architecture", ",".join(map(str, j["arch"]))), ("activation", j["activation"]),
         ("points N", j["data_points"]), ("parameters K", j["parameters"]),
         ("log10 max residual", number(j["log10_max_abs_residual"])), ("Jacobian rank", j["jacobian_rank"])],
        verdict(log10_or_minus_infinity(j["log10_max_abs_residual"]) < limit and j["jacobian_rank"] == j["equations"]))


def hessian(j):
    p = j["predicted"]
    return Section(
        "The Hessian at that zero-loss point (Cooper 2018, Prop. 2.3)",
        "N·dL positive, K − N·dL zero and no negative eigenvalues.",
        [("positive / zero / negative", f"{j['positive']} / {j['zero']} / {j['negative']}"),
         ("predicted", f"{p['positive']} / {p['zero']} / {p['negative']}"),
         ("log10 gap between zero and non-zero", number(j["log10_gap_ratio"])), ("method", j["method"])],
        verdict(j["matches_prediction"] is True and j["log10_gap_ratio"] is not None and j["log10_gap_ratio"] > 10),
        note="the counts hold across a gap of more than 10 decades between zero and non-zero eigenvalues")


def walk(j):
    return Section(
        "A walk along the manifold of global minima (Cooper 2018, Thm 2.1)",
        "Steps in the Jacobian's null space, pulled back by Gauss–Newton, stay at zero loss with the "
        "Jacobian's rank N·dL: the zero-loss set is a smooth manifold of dimension K − N·dL there.",
        [("steps", j["steps"]), ("distance from the start", number(j["distance"])),
         ("relative to |w₀|", number(j["relative_distance"])), ("log10 max loss", number(j["log10_max_loss"])),
         ("min Jacobian rank", j["min_jacobian_rank"]), ("N·dL", j["equations"])],
        verdict(j["min_jacobian_rank"] == j["equations"] and log10_or_minus_infinity(j["log10_max_loss"]) < -50))


def solve(j):
    # (x-1)^2 (x-2) = 0, (y+1)(y-3)(y^2-2) = 0: x in {1 (double), 2}, y in {-1, 3, ±√2}: 8
    # solutions, the 4 with x = 1 of multiplicity 2; the 4 with x = 2 non-singular and real.
    ok = (j["solutions"] == 8 and j["nonsingular"] == 4 and j["singular"] == 4 and j["real"] == 4
          and j["singular_multiplicities"] == [2, 2, 2, 2] and j["failed"] == 0 and j["certified"] == 4)
    return Section(
        "Counting the zeros by homotopy continuation (Liao & Poggio 2017, §3)",
        "(x−1)²(x−2) = 0, (y+1)(y−3)(y²−2) = 0 has 2 × 4 = 8 solutions (closed form), the 4 with x = 1 "
        "of multiplicity 2, the other 4 non-singular and real; Bezout 3 × 4 = 12 paths.",
        [("paths", j["paths"]), ("solutions", j["solutions"]), ("non-singular (real)", f"{j['nonsingular']} ({j['real']})"),
         ("singular (multiplicities)", f"{j['singular']} ({', '.join(map(str, j['singular_multiplicities']))})"),
         ("certified (Krawczyk, Arb)", j["certified"]), ("failed paths", j["failed"])],
        verdict(ok))


def consistent(j):
    return Section(
        "Nullstellensatz (Liao & Poggio 2017, App. A)",
        "One input with two different labels cannot be fitted: 1 is in the ideal, no complex solution.",
        [("consistent", j["consistent"]), ("certificate", j["certificate"])],
        verdict(j["consistent"] is False))


def relu_approx(j):
    by_degree = {}
    for a in j["approximations"]:
        by_degree.setdefault(a["degree"], {})[a["basis"]] = a["sup_error"]
    rows = [(f"degree {d}", ", ".join(f"{b} {number(e)}" for b, e in sorted(errors.items())))
            for d, errors in sorted(by_degree.items())]
    lowest, highest = by_degree[min(by_degree)], by_degree[max(by_degree)]
    falls = len(by_degree) > 1 and all(highest[b] < lowest[b] for b in lowest if b in highest)
    return Section(
        f"Polynomial approximations of ReLU on [−{j['interval']}, {j['interval']}] (Liao & Poggio 2017, §3)",
        "The sup-norm error ε(ℓ) of the degree-ℓ approximation falls as ℓ grows (here: the highest degree's "
        "error is below the lowest degree's, in each basis).",
        [("sup-norm error ε(ℓ)", "")] + rows, verdict(falls), png(j["figures"].get("error"), ".png"))


def train(j):
    curves = png(j.get("files"), "curves-error.png")
    history = j["history"]
    return Section(
        "LibTorch training: MLP 784-256-10, ReLU, Fashion-MNIST, 5 epochs",
        "The project's target for this run: test error below 14%.",
        [("parameters", j["parameters"]), ("epochs", j["epochs"]),
         ("test error at initialization", percent(history[0]["test_error"])),
         ("final train / test error", f"{percent(j['final_train_error'])} / {percent(j['final_test_error'])}"),
         ("samples per second", number(j["samples_per_second"], 3)), ("threads", j["threads"])],
        verdict(j["final_test_error"] is not None and j["final_test_error"] < 0.14 and not j["diverged"]
                and j["epochs"] == 5), curves)


def surface(j):
    centre, model = j["centre_train_loss"], j["model_train_loss"]
    rel = abs(centre - model) / abs(model)
    return Section(
        "Loss surface around the trained MLP (Li et al. 2018, §4–5)",
        "Filter-normalized random directions; the centre of the grid is the trained model itself, so its "
        "loss must equal the model's (relative difference below 1e-4).",
        [("grid", " × ".join(map(str, j["grid"]))), ("centre train loss", number(centre, 6)),
         ("model train loss", number(model, 6)), ("relative difference", number(rel, 2))],
        verdict(rel < 1e-4), png(j.get("files"), "2d-contour.png"))


def pca(j):
    top2 = j["top2_ratio"]
    return Section(
        "PCA of the training trajectory (Li et al. 2018, §7; Lipton 2016)",
        "Li et al. report that the top two PCA directions of a trajectory explain 40–90% of its variation.",
        [("trajectory records", j["records"]), ("PC1, PC2", f"{percent(j['explained_variance_ratio'][0])}, "
                                                           f"{percent(j['explained_variance_ratio'][1])}"),
         ("top two together", percent(top2))],
        verdict(0.4 <= top2), png(j.get("files"), "pca-path.png"),
        "above 90% counts as a pass: the claim is that two directions capture most of the path"
        if top2 > 0.9 else None)


def poly_vs_relu(j):
    relu, poly = j["relu"]["final_test_error"], j["poly"]["final_test_error"]
    return Section(
        "Polynomial vs ReLU network (Liao & Poggio 2017, Fig. 2)",
        "The same DCNN with ReLU and with a degree-8 polynomial approximation of ReLU reaches nearly the "
        "same test error (here: within 3 percentage points).",
        [("model", j["model"]), ("ReLU test error", percent(relu)), ("polynomial test error", percent(poly)),
         ("gap", f"{100 * (poly - relu):+.2f} points"),
         ("polynomial", f"degree {j['polynomial']['degree']} on [−{j['polynomial']['interval']}, {j['polynomial']['interval']}]")],
        verdict(abs(poly - relu) <= 0.03 and not j["poly"]["diverged"] and not j["relu"]["diverged"]),
        png(j.get("files"), "error.png"))


def proofs_check(j):
    rows = [(f"`{c['id']}` ({c['reference']})", f"{c['passed']}/{c['tried']} passed, {c['failed']} failed, "
             f"{c['undecided']} undecided") for c in j["claims"]]
    return Section(
        "The proofs-check battery (quick)",
        "Every claim holds on every instance tried (undecided instances are reported, not counted as passes).",
        rows, verdict(j["ok"] is True and j["failed"] == 0 and all(c["passed"] > 0 and c["failed"] == 0 for c in j["claims"])),
        "a claim passes when at least one instance was decided and none failed")


STEPS = [("system", system), ("system-large", system_large), ("functional-dim", functional_dim), ("dim", dim),
         ("memorize", memorize), ("hessian", hessian), ("walk", walk), ("solve", solve),
         ("consistent", consistent), ("relu-approx", relu_approx), ("train", train), ("surface", surface),
         ("pca", pca), ("poly-vs-relu", poly_vs_relu), ("proofs-check", proofs_check)]


def build(out, seconds):
    results = os.path.join(out, "results")
    sections = []
    for name, builder in STEPS:
        path = os.path.join(results, name + ".json")
        command_path = os.path.join(results, name + ".cmd")
        command = open(command_path).read().strip() if os.path.exists(command_path) else None
        if not os.path.exists(path):
            sections.append((name, command, Section(name, "", [], "not run")))
            continue
        with open(path) as f:
            j = json.load(f)
        try:
            s = builder(j)
        except (KeyError, IndexError, TypeError, ZeroDivisionError) as e:
            s = Section(name, "", [], FAIL, note=f"the result lacks what the report reads ({type(e).__name__}: {e})")
        sections.append((name, command, s))
    return sections


def relative_figure(out, path):
    if not path:
        return None
    return os.path.relpath(path if os.path.isabs(path) else os.path.abspath(path), os.path.abspath(out))


def markdown(out, sections, seconds):
    counts = {v: sum(1 for _, _, s in sections if s.verdict == v) for v in (PASS, FAIL, INFO, "not run")}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                check=False).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    lines = ["# landscape: the main job's report", "",
             f"Made {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} on {platform.node()} "
             f"({os.cpu_count()} cores), commit {commit}"
             + (f", {seconds // 60} min {seconds % 60} s after the build" if seconds is not None else "") + ".", "",
             f"**{counts[PASS]} passed, {counts[FAIL]} failed**"
             + (f", {counts['not run']} not run" if counts["not run"] else "")
             + ". Every number below is read from this run's JSON results in `results/`.", "",
             "| step | verdict |", "|---|---|"]
    for name, _, s in sections:
        lines.append(f"| [{s.title}](#{name}) | **{s.verdict}** |")
    for name, command, s in sections:
        lines += ["", f"<a id=\"{name}\"></a>", f"## {s.title}", ""]
        if command:
            lines += ["```", command, "```", ""]
        if s.claim:
            lines += [f"*Claim.* {s.claim}", ""]
        if s.rows:
            lines += ["| | |", "|---|---|"] + [f"| {k} | {number(v)} |" for k, v in s.rows] + [""]
        lines.append(f"**Verdict: {s.verdict}**" + (f" — {s.note}" if s.note else ""))
        figure = relative_figure(out, s.figure)
        if figure:
            lines += ["", f"![{s.title}]({figure})"]
    return "\n".join(lines) + "\n"


def write_atomically(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the demo's output directory (it holds results/)")
    parser.add_argument("--seconds", type=int, help="the run's wall time, for the header")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.out, "results")):
        print(f"error: {args.out}/results does not exist (run scripts/run-demo.sh)", file=sys.stderr)
        return 2
    sections = build(args.out, args.seconds)
    text = markdown(args.out, sections, args.seconds)
    write_atomically(os.path.join(args.out, "REPORT.md"), text)
    try:
        import markdown as md  # Debian's python3-markdown, when installed
        body = md.markdown(text, extensions=["tables", "fenced_code"])
        write_atomically(os.path.join(args.out, "REPORT.html"),
                         "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>landscape report</title>"
                         "<style>body{font-family:sans-serif;max-width:60em;margin:auto}img{max-width:100%}"
                         "td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}</style>"
                         "</head><body>" + body + "</body></html>\n")
    except ImportError:
        pass
    failed = [name for name, _, s in sections if s.verdict == FAIL]
    print(f"report: {os.path.join(args.out, 'REPORT.md')}"
          + (f" ({len(failed)} failed: {', '.join(failed)})" if failed else " (every check passed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
