#!/usr/bin/env bash
# Installs every Debian 12 package the project needs. Idempotent: packages already present are
# not touched, and nothing is fetched when all are there. Run as root (or through sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ccache pkg-config
  # the sanitizer and fuzzing builds (scripts/run-sanitizers.sh, scripts/run-fuzz.sh): clang with
  # its AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer runtimes
  clang libclang-rt-14-dev
  # exact algebra: FLINT with Arb and Calcium, GMP, MPFR, Eigen, Boost.Multiprecision
  libflint-dev libflint-arb-dev libcalcium-dev libgmp-dev libmpfr-dev libeigen3-dev libboost-dev
  # path tracking across MPI ranks under mpirun
  libopenmpi-dev openmpi-bin
  # JSON results, figures (gnuplot renders the scripts the plotting layer writes, through
  # gnuplot-iostream and Boost.Iostreams), the tests
  nlohmann-json3-dev gnuplot-nox libgnuplot-iostream-dev libboost-iostreams-dev libboost-filesystem-dev
  libgtest-dev
  # the tests' independent oracle for local dimensions (Groebner bases in Singular)
  singular
  # LibTorch (1.13, CPU) with the multithreaded OpenBLAS it needs to be fast; HDF5 trajectories;
  # gzip'd idx files; the default real data set
  libtorch-dev libopenblas0-pthread libhdf5-dev zlib1g-dev dataset-fashion-mnist
  # the main job's report (REPORT.md, and REPORT.html through python3-markdown) and its tests
  python3 python3-markdown
  # the notebooks (notebooks/, executed by scripts/run-notebooks.sh): Jupyter's Python kernel and
  # client, what the notebooks read results with, and matplotlib for their figures (a fresh Debian 12
  # machine lacks it: the notebook check failed there on `import matplotlib`)
  jupyter-nbconvert python3-nbclient python3-nbformat python3-ipykernel python3-h5py python3-numpy
  python3-matplotlib
)
# `install-deps.sh --bench`: also what the benchmarks compare against (Python's torch on the same
# LibTorch, PHCpack).
if [ "${1:-}" = "--bench" ]; then
  packages+=(python3-torch phcpack)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
