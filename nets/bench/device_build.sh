#!/usr/bin/env bash
# Builds `landscape` (LibTorch side only: no algebra, tests or benchmarks) on a machine that has
# CUDA, CMake and Python's torch but no package registry, against the LibTorch of Python's torch
# and the Debian packages (.deb files) in DEBS, unpacked under a private prefix (never into /).
# Shared libraries that the machine lacks (libhdf5's libcurl, ...) are taken from the unpacked
# packages, for the binary alone: it is run through the wrapper BUILD/landscape.
#
# usage: nets/bench/device_build.sh DEBS BUILD
set -euo pipefail
DEBS=$(cd "$1" && pwd)
BUILD=$2
D=$BUILD/deps
mkdir -p "$D" "$D/missing"
for f in "$DEBS"/*.deb; do dpkg -x "$f" "$D"; done
A=$D/usr/lib/x86_64-linux-gnu
[ -e /lib/x86_64-linux-gnu/libz.so.1 ] && ln -sf /lib/x86_64-linux-gnu/libz.so.1 "$A/libz.so"
export PATH=/usr/local/cuda/bin:$PATH
TORCH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
cmake -S "$(dirname "$0")/../.." -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLANDSCAPE_WITH_ALGEBRA=OFF \
      -DLANDSCAPE_BUILD_TESTS=OFF -DLANDSCAPE_BUILD_BENCHMARKS=OFF -DLANDSCAPE_WITH_MPI=OFF \
      "-DCMAKE_PREFIX_PATH=$TORCH;$D/usr" "-DCMAKE_INCLUDE_PATH=$D/usr/include/hdf5/serial;$D/usr/include" \
      "-DCMAKE_LIBRARY_PATH=$A/hdf5/serial;$A"
cmake --build "$BUILD" -j "$(nproc)" --target landscape
# The libraries the binary cannot find, from the unpacked packages (until none is missing).
for round in 1 2 3 4 5 6; do
  missing=$(LD_LIBRARY_PATH=$D/missing ldd "$BUILD/bin/landscape" | awk '/not found/ {print $1}')
  [ -z "$missing" ] && break
  for so in $missing; do
    found=$(find "$D" -name "$so" | head -n 1)
    [ -n "$found" ] && ln -sf "$found" "$D/missing/$so" || echo "no package provides $so"
  done
done
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec %s "$@"\n' "$D/missing" "$BUILD/bin/landscape" \
    > "$BUILD/landscape"
chmod +x "$BUILD/landscape"
echo "libraries taken from the packages: $(ls "$D/missing" | tr '\n' ' ')"
"$BUILD/landscape" --help | head -n 3
