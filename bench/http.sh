#!/usr/bin/env bash
# HTTP, HTTPS and FTP throughput on 127.0.0.1, lobos against curl in one run (not a unit test).
#   bench/http.sh [SIZE_MIB [ROUNDS]]   (default 256 MiB, 5 rounds; needs root for vsftpd, and
#                                        nginx, vsftpd, openssl, curl, bc)
# One random file is served by nginx (HTTP and HTTPS with a certificate from a throwaway CA) and
# by vsftpd (anonymous FTP), and fetched by curl and by `lobos fetch`. Wall time includes process start; "transfer" is lobos's own
# measure around Fetcher.download (connection, transfer and the look for a .sha256 file beside
# it). Rounds are interleaved (a change in the machine's load hits every case alike) and each
# line is the median of ROUNDS runs; every download is compared with the original.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
size_mib=${1:-256}
rounds=${2:-5}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
jar="$here/target/lobos.jar"

# In RAM (/dev/shm) when there is one: the loader keeps a kernel and initrd in memory for kexec,
# and on this shared machine the disk's page-cache writeback made curl's and lobos's times vary 3x
work=$(mktemp -d -p "$([ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
chmod 755 "$work"
pids=()
trap bench_cleanup EXIT

mkdir -m 755 "$work/root" "$work/empty" "$work/nginx"
head -c $((size_mib << 20)) /dev/urandom > "$work/root/file"
chmod 644 "$work/root/file"

# a CA and a certificate for 127.0.0.1, so both clients verify the server as they would for real
(cd "$work" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
   -days 2 -subj "/CN=bench CA" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null \
 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout srv.key -out srv.csr \
   -subj /CN=127.0.0.1 2>/dev/null \
 && printf 'subjectAltName=IP:127.0.0.1\n' > ext \
 && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 -extfile ext 2>/dev/null)

http_port=$(bench_free_port tcp)
https_port=$(bench_free_port tcp)
bench_nginx "$work/nginx" 64 "  server { listen 127.0.0.1:$http_port; root $work/root; }
  server { listen 127.0.0.1:$https_port ssl; root $work/root; ssl_protocols TLSv1.2 TLSv1.3; ssl_certificate $work/srv.pem; ssl_certificate_key $work/srv.key; }"
bench_wait_listening tcp "$http_port"
bench_wait_listening tcp "$https_port"

ftp_port=$(bench_free_port tcp)
cat > "$work/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$ftp_port
background=NO
anonymous_enable=YES
anon_root=$work/root
local_enable=NO
write_enable=NO
seccomp_sandbox=NO
secure_chroot_dir=$work/empty
xferlog_enable=NO
syslog_enable=NO
CONF
/usr/sbin/vsftpd "$work/vsftpd.conf" &
pids+=($!)
bench_wait_listening tcp "$ftp_port"

# name | peer line for the ratio | command (run in $work; a download writes $work/out)
lobos="${java[*]} -jar $jar"
# the JVM options of the default boot image (BuildConfig's jvm-options and the ones it always adds)
image_jvm="${java[*]} -XX:+UseSerialGC -XX:-UsePerfData -jar $jar"
cases=(
  "JVM start: lobos --version||$lobos --version"
  "curl, HTTP||curl -sS -o out http://127.0.0.1:$http_port/file"
  "lobos, HTTP|curl, HTTP|$lobos fetch http://127.0.0.1:$http_port/file out --quiet --json"
  "lobos, HTTP, boot image JVM flags|curl, HTTP|$image_jvm fetch http://127.0.0.1:$http_port/file out --quiet --json"
  "curl, HTTPS||curl -sS --cacert ca.pem -o out https://127.0.0.1:$https_port/file"
  "lobos, HTTPS|curl, HTTPS|$lobos fetch https://127.0.0.1:$https_port/file out --ca-bundle ca.pem --quiet --json"
  "lobos, HTTPS, boot image JVM flags|curl, HTTPS|$image_jvm fetch https://127.0.0.1:$https_port/file out --ca-bundle ca.pem --quiet --json"
  "curl, FTP||curl -sS -o out ftp://127.0.0.1:$ftp_port/file"
  "lobos, FTP|curl, FTP|$lobos fetch ftp://127.0.0.1:$ftp_port/file out --quiet --json"
  "lobos, FTP, boot image JVM flags|curl, FTP|$image_jvm fetch ftp://127.0.0.1:$ftp_port/file out --quiet --json"
)

declare -A walls transfers rate
cd "$work"
bench_rounds "$rounds" root/file

printf '%-36s %8s %9s %10s %13s %9s %13s\n' "client, protocol" "wall s" "MiB/s" "transfer s" "transfer MiB/s" "vs curl" "transfer vs curl"
for c in "${cases[@]}"; do
  IFS='|' read -r name peer command <<<"$c"
  wall=$(median <<<"${walls[$name]}")
  transfer=$(median <<<"${transfers[$name]}")
  if [[ " $command " != *" out "* ]]; then # no download: a time only
    printf '%-36s %8.2f\n' "$name" "$wall"
    continue
  fi
  rate[$name]=$(echo "$size_mib / $wall" | bc -l)
  ratio=""
  [ -n "$peer" ] && ratio=$(printf '%.2fx' "$(echo "${rate[$name]} / ${rate[$peer]}" | bc -l)")
  trate=""
  [ -n "$transfer" ] && trate=$(printf '%.1f' "$(echo "$size_mib / $transfer" | bc -l)")
  tratio=""
  [ -n "$peer" ] && [ -n "$transfer" ] && tratio=$(printf '%.2fx' "$(echo "$(median <<<"${walls[$peer]}") / $transfer" | bc -l)")
  printf '%-36s %8.2f %9.1f %10s %13s %9s %13s\n' "$name" "$wall" "${rate[$name]}" "${transfer:+$(printf %.2f "$transfer")}" "$trate" "$ratio" "$tratio"
done
echo "file: $size_mib MiB, median of $rounds rounds; 'vs curl': wall-clock MiB/s against curl on the same protocol;"
echo "'transfer vs curl': curl's wall time over lobos's transfer time (a loader's JVM is running already)"
