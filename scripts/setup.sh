#!/usr/bin/env bash
# Set-up shared by the README's two commands: install Debian packages, build (Release),
# fetch and verify the data. Idempotent: a second run reuses what is installed, built and
# fetched. Run as root on Debian 12 (or with sudo available).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RWWCE_BUILD_DIR:-$repo/build}"

# slurm-wlm (slurmctld, slurmd, the client commands) and munge: the test that runs the sharded
# study as a SLURM job array on a throw-away one-node cluster (tests/slurm/); it starts its own
# daemons with their own configuration, key and socket, and needs no service of the packages.
packages=(
  build-essential cmake git pkg-config ca-certificates curl tar gzip
  libxtensor-dev libxtensor-blas-dev libxsimd-dev libopenblas-dev
  libtbb-dev libboost-math-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libtomlplusplus-dev libssl-dev libgtest-dev googletest
  gnuplot-nox npm
  slurm-wlm munge
  # The test that compiles every generated .tex table in a default article: pdflatex (from
  # texlive-latex-base, a dependency) and booktabs.
  texlive-latex-recommended
  # scripts/test.sh's sanitizer and fuzz builds: clang 14 with libFuzzer and the sanitizer
  # runtimes (libclang-rt is only a recommendation of clang), llvm-symbolizer for reports.
  clang clang-14 libfuzzer-14-dev libclang-rt-14-dev llvm-14
)
missing=()
for p in "${packages[@]}"; do
  # npm may come with a Node.js installed outside Debian's packages: then it is not needed.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi

# RWWCE_WERROR=1: warnings are errors (CI turns it on through scripts/test.sh).
case "${RWWCE_WERROR:-0}" in
  1 | ON | on | true | yes) werror=ON ;;
  *) werror=OFF ;;
esac
echo "setup: building (Release, -Werror $werror) in $build" >&2
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRWWCE_WERROR="$werror" >&2
cmake --build "$build" -j "${RWWCE_JOBS:-$(nproc)}" >&2

echo "setup: fetching and verifying data" >&2
"$build/rwwce" data fetch
