#!/usr/bin/env bash
# TFTP throughput on 127.0.0.1, lobos against peers in one run (not a unit test).
#   bench/tftp.sh [SIZE_MIB [ROUNDS]]   (default 64 MiB, 3 rounds; needs root for in.tftpd -s,
#                                        and tftpd-hpa, tftp-hpa, curl, bc)
# One random file is served by tftpd-hpa's in.tftpd and fetched by tftp-hpa's tftp (512-byte
# blocks: it has no blksize option), by curl (512 and 1468) and by `lobos tftp get` (512 and
# 1468); then lobos's own server serves it to lobos's client with windowsize 1 and 8.
# Wall time includes process start (the JVM's ~0.3 s for lobos); "transfer" is lobos's own
# measure from its first request to its last ACK. Each line is the median of ROUNDS runs (the
# machine may be shared); every download is compared with the original.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
size_mib=${1:-64}
rounds=${2:-3}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$here/target/lobos.jar")

work=$(mktemp -d)
pids=()
trap bench_cleanup EXIT

mkdir "$work/root"
head -c $((size_mib << 20)) /dev/urandom > "$work/root/file"

bench_tftp_servers "$work/root"

# name | peer line for the ratio | command (run in $work, writes $work/out)
cases=(
  "tftp-hpa -> in.tftpd, 512||tftp 127.0.0.1 $hpa_port -m binary -c get file out"
  "curl -> in.tftpd, 512||curl -sS -o out tftp://127.0.0.1:$hpa_port/file"
  "lobos -> in.tftpd, 512 (--plain)|tftp-hpa -> in.tftpd, 512|lobos tftp get 127.0.0.1:$hpa_port file out --plain --json"
  "curl -> in.tftpd, blksize 1468||curl -sS --tftp-blksize 1468 -o out tftp://127.0.0.1:$hpa_port/file"
  "lobos -> in.tftpd, blksize 1468|curl -> in.tftpd, blksize 1468|lobos tftp get 127.0.0.1:$hpa_port file out --blksize 1468 --windowsize 1 --json"
  "lobos -> lobos, blksize 1468, windowsize 1|lobos -> in.tftpd, blksize 1468|lobos tftp get 127.0.0.1:$lobos_port file out --blksize 1468 --windowsize 1 --json"
  "lobos -> lobos, blksize 1468, windowsize 8|lobos -> in.tftpd, blksize 1468|lobos tftp get 127.0.0.1:$lobos_port file out --blksize 1468 --windowsize 8 --json"
)
lobos() { "${java[@]}" "$@"; }

declare -A walls transfers
cd "$work"
bench_rounds "$rounds" root/file

bench_table 44 "client -> server, options"
echo "file: $size_mib MiB, median of $rounds rounds; 'vs peer': MiB/s against the peer line with the same block size"
