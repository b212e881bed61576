#!/usr/bin/env bash
# Boot time of lobos against a shell-script loader, from the same kernel, under QEMU (TCG).
#   bench/boot.sh [ROUNDS [VARIANT...]]   (default 3 rounds, variants tcg and default; as root;
#                                          needs qemu-system-x86, busybox-static, cpio, zstd,
#                                          xz-utils, perl, and kexec-tools' libraries: see below)
# Two loaders boot the same target: Debian's kernel (the one lobos's image is built with) with a
# probe initramfs whose /init prints a marker first, on the command line "console=ttyS0 panic=-1
# quiet lobos.bench=1". Both get the target's kernel and probe as /boot/vmlinuz and
# /boot/probe.gz from the same overlay archive appended to their initramfs.
#  - lobos: `lobos mkimage` of a config whose kboot.conf boots that entry at once (delay=0).
#  - script: busybox-static and Debian's kexec (kexec-tools, downloaded with apt-get download,
#    with the libraries ldd lists) and an /init that mounts devtmpfs, proc and sysfs, runs
#    `kexec -s -l /boot/vmlinuz --initrd=/boot/probe.gz --append=...` and `kexec -e`.
# The time is from starting QEMU to the probe's first line on the serial console; rounds are
# interleaved (lobos, script, lobos, ...) and each line is the median. VARIANT says how lobos is
# built, and the script loader's archive uses the same compression:
#  - tcg: as examples/demo and the tests (compression = none, -XX:+UseSerialGC -Xint)
#  - default: build.conf's defaults (zstd, -XX:+UseSerialGC with the JIT), as for hardware
# For lobos the time is broken down with its own report (guest uptimes) and the wall clock:
# QEMU start to kernel start, kernel start to /init (unpacking the initramfs), /init to the JVM
# running, to lobos ready (menu built), to the kernel loaded (kexec_file_load returned), to the
# new kernel starting (kexec) and the target's kernel start to the probe.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/bench/lib.sh"
rounds=${1:-3}
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(tcg default)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
append="console=ttyS0 panic=-1 quiet lobos.bench=1"

# kexec-tools for the script loader, and the libraries ldd lists (libxenctrl...)
kexec_deb_dir="$work/kexec"
mkdir -p "$kexec_deb_dir"
(cd "$kexec_deb_dir" && apt-get download kexec-tools >/dev/null 2>&1) \
  || { echo "apt-get download kexec-tools failed" >&2; exit 1; }
dpkg-deb -x "$kexec_deb_dir"/kexec-tools_*.deb "$kexec_deb_dir/root"
kexec_bin="$kexec_deb_dir/root/sbin/kexec"
if ldd "$kexec_bin" | grep -q "not found"; then
  echo "kexec needs libraries this host lacks; as root: apt-get install --no-install-recommends" \
    "$(apt-cache depends kexec-tools | awk '/Depends: lib/{print $2}' | tr '\n' ' ')" >&2
  exit 1
fi

# One lobos image per variant (the kernel comes from the first build: the same for all)
declare -A image
for v in "${variants[@]}"; do
  cfg="$work/config-$v"
  mkdir -p "$cfg"
  printf 'delay=0\ndefault=probe\nprobe="//boot/vmlinuz initrd=//boot/probe.gz %s"\n' "$append" > "$cfg/kboot.conf"
  case "$v" in
    tcg) printf 'compression = none\njvm-options = -XX:+UseSerialGC -Xint\n' > "$cfg/build.conf" ;;
    default) : > "$cfg/build.conf" ;;
    *) echo "unknown variant $v (tcg, default)" >&2; exit 2 ;;
  esac
  "$here/lobos" mkimage "$cfg" -o "$work/lobos-$v" > "$work/mkimage-$v.log"
  image[$v]=$(ls "$work/lobos-$v"/lobos-initramfs.cpio*)
done
kernel="$work/lobos-${variants[0]}/vmlinuz"

# The payload overlay: the target kernel and the probe (made like lobos's ProbeImage)
mkdir -p "$work/probe/bin" "$work/probe/proc" "$work/probe/dev" "$work/overlay/boot"
cp /bin/busybox "$work/probe/bin/busybox"
cat > "$work/probe/init" <<'EOF'
#!/bin/busybox sh
echo LOBOS-PROBE-BEGIN
/bin/busybox mount -t proc proc /proc
read uptime idle < /proc/uptime
echo "probe: uptime $uptime"
echo "probe: cmdline $(/bin/busybox cat /proc/cmdline)"
echo LOBOS-PROBE-END
/bin/busybox poweroff -f
EOF
chmod 755 "$work/probe/init"
mknod "$work/probe/dev/console" c 5 1
newc() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet); }
newc "$work/probe" | gzip -9 -n > "$work/overlay/boot/probe.gz"
cp "$kernel" "$work/overlay/boot/vmlinuz"
newc "$work/overlay" > "$work/overlay.cpio"

# The script loader, one archive per compression
mkdir -p "$work/script"/{bin,sbin,proc,sys,dev,boot}
cp /bin/busybox "$work/script/bin/busybox"
ln -s busybox "$work/script/bin/sh"
cp "$kexec_bin" "$work/script/sbin/kexec"
for lib in $(ldd "$kexec_bin" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
  mkdir -p "$work/script$(dirname "$lib")"
  cp -L "$lib" "$work/script$lib"
done
mknod "$work/script/dev/console" c 5 1
cat > "$work/script/init" <<EOF
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
read up idle < /proc/uptime; echo "script: /init at \$up s"
/sbin/kexec -s -l /boot/vmlinuz --initrd=/boot/probe.gz --append="$append"
read up idle < /proc/uptime; echo "script: kernel loaded at \$up s"
/sbin/kexec -e
echo "script: kexec -e failed"; exec /bin/sh
EOF
chmod 755 "$work/script/init"
declare -A script
for v in "${variants[@]}"; do
  case "${image[$v]}" in # the compression lobos mkimage used, with the same settings
    *.zst) newc "$work/script" | zstd -19 -T1 -q > "$work/script-$v.cpio" ;;
    *.xz) newc "$work/script" | xz --check=crc32 -6 -T1 > "$work/script-$v.cpio" ;;
    *.gz) newc "$work/script" | gzip -9 -n > "$work/script-$v.cpio" ;;
    *) newc "$work/script" > "$work/script-$v.cpio" ;;
  esac
  script[$v]="$work/script-$v.cpio"
done

# Boots KERNEL with INITRD (+ the overlay); prints "seconds-to-probe" then the loader's lines, one
# "wall-seconds text" line each for the lines that matter. Timing is done by perl on the pipe.
boot() {
  # the kernel looks for the next archive on a 4-byte boundary, as GRUB and iPXE pad them (xz
  # streams are multiples of 4 bytes, a zstd frame need not be)
  { cat "$2"; head -c $(( (4 - $(stat -c %s "$2") % 4) % 4 )) /dev/zero; cat "$work/overlay.cpio"; } > "$work/initrd"
  perl -MTime::HiRes=time -e '
    my $t0 = time; my $probe; my $log;
    if ($ENV{BOOT_LOG}) { open($log, ">", $ENV{BOOT_LOG}) or die "$ENV{BOOT_LOG}: $!"; }
    my $pid = open(my $q, "-|", @ARGV) or die "qemu: $!";
    while (my $l = <$q>) {
      $l =~ s/\r//g; my $t = time - $t0;
      printf $log "%.3f %s", $t, $l if $log;
      if ($l =~ /LOBOS-PROBE-BEGIN/ && !defined $probe) { $probe = $t; }
      if ($l =~ /kernel start to \/init|kernel loaded in|starting the new kernel|^script:|probe: uptime|lobos: cannot|Kernel panic/) {
        printf "%.3f %s", $t, $l;
      }
      last if $l =~ /LOBOS-PROBE-END|Kernel panic|cannot boot/;
    }
    printf "probe %s\n", defined $probe ? sprintf("%.3f", $probe) : "none";
    kill "TERM", $pid;
    close $q;
  ' -- qemu-system-x86_64 -accel tcg -cpu max -m 1024 -nodefaults -no-user-config -display none \
      -serial stdio -no-reboot -kernel "$1" -initrd "$work/initrd" -append "$append" </dev/null
}

# One QEMU suite at a time on this machine (the other sessions' tests take the same lock)
exec 9>/tmp/lobos-qemu.lock
flock 9
# BOOT_BENCH_LOGS=DIR keeps every boot's whole console, each line with its wall-clock second
logs=${BOOT_BENCH_LOGS:-}
[ -z "$logs" ] || mkdir -p "$logs"
declare -A probe
declare -a breakdown_lines script_lines
for round in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    out=$(BOOT_LOG=${logs:+$logs/lobos-$v-$round.log} boot "$kernel" "${image[$v]}")
    t=$(sed -n 's/^probe \([0-9.]*\)$/\1/p' <<<"$out")
    [ -n "$t" ] || { echo "lobos ($v) did not reach the probe:" >&2; echo "$out" >&2; exit 1; }
    probe[lobos-$v]+="$t "
    # breakdown: QEMU->kernel, kernel->/init, ->JVM, ->ready, ->loaded, ->kexec, target->probe
    breakdown_lines+=("$v $(perl -e '
      my %w; my ($init,$java,$ready,$loaded,$target);
      for (split /\n/, $ARGV[0]) {
        if (/^([\d.]+) .*kernel start to \/init ([\d.]+) s, Java running ([\d.]+) s, lobos ready ([\d.]+) s/) { $w{ready}=$1; ($init,$java,$ready)=($2,$3,$4); }
        if (/^([\d.]+) .*kernel loaded in [\d.]+ s \(up ([\d.]+) s\)/) { $loaded=$2; }
        if (/^([\d.]+) .*starting the new kernel/) { $w{kexec}=$1; }
        if (/^([\d.]+) probe: uptime ([\d.]+)/) { $w{probe}=$1; $target=$2; }
      }
      my $boot = $w{ready} - $ready;                      # QEMU start -> loader kernel start
      my $kexec = $w{probe} - $target - $w{kexec};        # "starting the new kernel" -> target kernel start
      printf "%.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f", $boot, $init, $java-$init, $ready-$java,
        $loaded-$ready, $w{kexec}-$boot-$loaded, $kexec, $target;
    ' "$out")")
    echo "round $round lobos $v: probe $t s; ${breakdown_lines[-1]#* }" >&2
    out=$(BOOT_LOG=${logs:+$logs/script-$v-$round.log} boot "$kernel" "${script[$v]}")
    t=$(sed -n 's/^probe \([0-9.]*\)$/\1/p' <<<"$out")
    [ -n "$t" ] || { echo "the script loader ($v) did not reach the probe:" >&2; echo "$out" >&2; exit 1; }
    probe[script-$v]+="$t "
    script_lines+=("$v $(perl -e '
      my ($wi,$init,$loaded,$wk,$wp,$target);
      for (split /\n/, $ARGV[0]) {
        if (/^([\d.]+) script: \/init at ([\d.]+) s/) { ($wi,$init)=($1,$2); }
        if (/^([\d.]+) script: kernel loaded at ([\d.]+) s/) { ($wk,$loaded)=($1,$2); }
        if (/^([\d.]+) probe: uptime ([\d.]+)/) { ($wp,$target)=($1,$2); }
      }
      my $boot = $wi - $init;
      printf "%.2f %.2f %.2f %.2f %.2f %.2f", $boot, $init, $loaded-$init, $wp-$target-$wk, $target, 0;
    ' "$out")")
    echo "round $round script $v: probe $t s; ${script_lines[-1]#* }" >&2
  done
done

printf "%-34s %10s %9s   %s\n" "loader (QEMU start -> probe)" "median s" "vs script" "rounds"
for v in "${variants[@]}"; do
  l=$(median <<<"${probe[lobos-$v]}")
  s=$(median <<<"${probe[script-$v]}")
  printf "%-34s %10.2f %9s   %s\n" "script ($v: $(basename "${script[$v]}"))" "$s" "" "${probe[script-$v]}"
  printf "%-34s %10.2f %8.2fx   %s\n" "lobos ($v)" "$l" "$(echo "$l / $s" | bc -l)" "${probe[lobos-$v]}"
  printf "  image: lobos %s bytes, script %s bytes\n" "$(stat -c %s "${image[$v]}")" "$(stat -c %s "${script[$v]}")"
done
echo "lobos's time, median per step (s): QEMU->kernel, kernel->/init (unpack), /init->JVM, JVM->ready, ready->loaded, loaded->kexec, kexec->target kernel, target->probe"
for v in "${variants[@]}"; do
  printf "  %-8s" "$v"
  for i in 1 2 3 4 5 6 7 8; do
    printf " %6.2f" "$(printf '%s\n' "${breakdown_lines[@]}" | awk -v v="$v" -v i=$((i + 1)) '$1 == v {print $i}' | median)"
  done
  echo
done
echo "the script's time, median per step (s): QEMU->kernel, kernel->/init, /init->loaded (kexec -s -l), loaded->target kernel (kexec -e), target->probe"
for v in "${variants[@]}"; do
  printf "  %-8s" "$v"
  for i in 1 2 3 4 5; do
    printf " %6.2f" "$(printf '%s\n' "${script_lines[@]}" | awk -v v="$v" -v i=$((i + 1)) '$1 == v {print $i}' | median)"
  done
  echo
done
