#!/usr/bin/env bash
# SFTP throughput on 127.0.0.1, lobos against OpenSSH's clients in one run (not a unit test).
#   bench/sftp.sh [SIZE_MIB [ROUNDS]]   (default 256 MiB, 5 rounds; as root: sshd's privilege
#                                        separation; needs openssh-server, openssh-client, bc)
# A test-style sshd (its own config, host key and authorized_keys in a temp dir, internal-sftp,
# 127.0.0.1 and a free port) serves one random file. It is fetched by OpenSSH's sftp and scp
# (which speaks SFTP too) and by `lobos fetch`, once with the JDK's default JIT (C2) and
# once with the boot image's JVM options (C1 only, serial GC). Every client checks the host
# key against the same known_hosts and logs in with the same ed25519 key; all negotiate
# chacha20-poly1305. Wall time includes process start (the JVM's for lobos); "transfer" is
# lobos's own measure (two SSH connections: the file, then the look-up of file.sha256). Each
# line is the median of ROUNDS rounds, run interleaved; every download is compared with the
# original.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
size_mib=${1:-256}
rounds=${2:-5}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
jar="$here/target/lobos.jar"

work=$(mktemp -d)
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then
    for child in $(pgrep -P "$sshd_pid"); do kill "$child" 2>/dev/null || true; done # per-connection sshds
    kill "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/root" "$work/client" /run/sshd
head -c $((size_mib << 20)) /dev/urandom > "$work/root/file"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/client/id_ed25519"
cp "$work/client/id_ed25519.pub" "$work/authorized_keys"

listening() { grep -q " 0100007F:$(printf %04X "$1") " /proc/net/tcp; }
port=$((20000 + RANDOM % 40000))
while listening "$port"; do port=$((20000 + RANDOM % 40000)); done
cat > "$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
HostKey $work/host_ed25519
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
EOF
/usr/sbin/sshd -D -e -f "$work/sshd_config" -p "$port" 2>"$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 200); do grep -q "Server listening" "$work/sshd.log" && break; sleep 0.05; done
grep -q "Server listening" "$work/sshd.log" || { cat "$work/sshd.log" >&2; exit 1; }
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/host_ed25519.pub")" > "$work/client/known_hosts"

ssh_options=(-F /dev/null -i "$work/client/id_ed25519" -o "UserKnownHostsFile=$work/client/known_hosts"
  -o StrictHostKeyChecking=yes -o BatchMode=yes)
url="sftp://root@127.0.0.1:$port$work/root/file"
# name | peer line for the ratio | command (run in $work, writes $work/out)
cases=(
  "OpenSSH sftp||sftp -q ${ssh_options[*]} -P $port root@127.0.0.1:$work/root/file out"
  "OpenSSH scp (SFTP)||scp -q ${ssh_options[*]} -P $port root@127.0.0.1:$work/root/file out"
  "lobos fetch, C2|OpenSSH sftp|${java[*]} -jar $jar fetch --quiet --json $url out --ssh-dir client"
  "lobos fetch, C1 (image options)|OpenSSH sftp|${java[*]} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $jar fetch --quiet --json $url out --ssh-dir client"
)

declare -A walls transfers
cd "$work"
bench_rounds "$rounds" root/file

bench_table 36 "client"
echo "file: $size_mib MiB, median of $rounds rounds; 'vs peer': MiB/s (wall) against OpenSSH's sftp"
