#!/usr/bin/env bash
# Boot image size and boot timeline per initramfs compression, under QEMU (TCG).
# Each variant is examples/demo with compression = xz | gzip | none, built and booted by
# `lobos demo`, which reports the loader's and the target's timings.
# Usage: bench/boot-image.sh [ROUNDS]   (default 1)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-6s %-5s %12s %10s %10s %10s %10s %10s\n" variant round "initramfs" "total s" "/init s" "ready s" "loaded s" "probe s"
for variant in xz gzip none; do
  cfg="$work/$variant"
  cp -r "$here/examples/demo" "$cfg"
  sed -i "s/^compression = .*/compression = $variant/" "$cfg/build.conf"
  for round in $(seq 1 "$rounds"); do
    start=$(date +%s.%N)
    out=$("$here/lobos" demo --config "$cfg" -o "$work/out-$variant" </dev/null 2>&1)
    image=$(stat -c %s "$work/out-$variant"/lobos-initramfs.cpio*)
    init=$(sed -n 's/.*start -> \/init *\([0-9.]*\) s.*/\1/p' <<<"$out")
    ready=$(sed -n 's/.*start -> lobos ready *\([0-9.]*\) s.*/\1/p' <<<"$out")
    loaded=$(sed -n 's/.*loading took \([0-9.]*\) s.*/\1/p' <<<"$out")
    probe=$(sed -n 's/.*target kernel start -> probe running *\([0-9.]*\) s.*/\1/p' <<<"$out")
    total=$(echo "$(date +%s.%N) - $start" | bc)
    printf "%-6s %-5s %12s %10.1f %10s %10s %10s %10s\n" "$variant" "$round" "$image" "$total" "$init" "$ready" "$loaded" "$probe"
  done
done
