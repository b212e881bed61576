#!/usr/bin/env bash
# What discovering the disks' configs costs at boot: kernel start to "lobos ready" (the menu
# is assembled and shown) with three disks attached (GRUB on ext4 with a grub.cfg written by
# Debian's grub-mkconfig scripts, BLS entries on FAT, extlinux on ext4) against the same
# image with no disk (its kboot.conf only), in the same run, under QEMU (TCG), rounds
# interleaved. The loader is the end-to-end tests' image (virtio disks, ext4 at boot, vfat on
# demand), built by `lobos mkimage`.
# Usage: bench/discovery.sh [ROUNDS]   (default 3; needs qemu-system-x86, e2fsprogs,
# dosfstools, mtools, fdisk, grub-common, busybox-static)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$here/lobos" mkimage "$here/src/test/resources/lobos/it/loader" -o "$work/image" >/dev/null
kernel="$work/image/vmlinuz"
initrd=$(ls "$work"/image/lobos-initramfs.cpio* | head -1)

# A disk with one partition made from a directory: NAME FS LABEL UUID TREE MIB
mkdisk() {
  local img="$work/$1.img" part="$work/$1.part" fs=$2 label=$3 uuid=$4 tree=$5 mib=$6
  truncate -s $((mib + 2))M "$img"
  printf 'label: dos\nstart=2048, type=%s\n' "$([ "$fs" = ext4 ] && echo 83 || echo c)" | sfdisk -q "$img"
  if [ "$fs" = ext4 ]; then
    mke2fs -q -F -t ext4 -L "$label" -U "$uuid" -d "$tree" "$part" "${mib}M"
  else
    mkfs.vfat -n "$label" -i "${uuid//-/}" -C "$part" $((mib * 1024)) >/dev/null
    for f in "$tree"/*; do mcopy -s -i "$part" "$f" "::/$(basename "$f")"; done
  fi
  dd if="$part" of="$img" bs=1M seek=1 conv=notrunc status=none
  rm -f "$part"
}

# Debian-style: grub.cfg from /etc/grub.d with a fake grub-probe, as GrubMkconfigTest does.
uuid=6f1d2b7a-3c4e-4d5f-8a9b-0c1d2e3f4a5b
mkdir -p "$work/debian/boot/grub" "$work/bin"
for v in 6.1.0-98-amd64 6.1.0-99-amd64; do
  echo kernel >"$work/debian/boot/vmlinuz-$v"; echo initrd >"$work/debian/boot/initrd.img-$v"
done
cat >"$work/bin/grub-probe" <<EOF
#!/bin/sh
for a in "\$@"; do case "\$a" in --target=*) t=\${a#--target=};; esac; done
case "\$t" in device) echo /dev/vda1;; fs) echo ext2;; fs_uuid) echo $uuid;; partmap) echo msdos;;
  abstraction) ;; compatibility_hint) echo hd0,msdos1;; hints_string) echo "--hint=hd0,msdos1";; *) exit 1;; esac
EOF
printf '#!/bin/sh\necho "$1" | sed "s#^%s##"\n' "$work/debian" >"$work/bin/grub-mkrelpath"
sed -e "s#/boot/vmlinuz-\*#$work/debian/boot/vmlinuz-*#" -e 's/^SUPPORTED_INITS=.*/SUPPORTED_INITS=""/' \
  /etc/grub.d/10_linux >"$work/bin/10_linux"
chmod +x "$work"/bin/*
grub_probe="$work/bin/grub-probe" grub_mkrelpath="$work/bin/grub-mkrelpath" pkgdatadir=/usr/share/grub \
  GRUB_DEVICE=/dev/vda1 GRUB_DEVICE_UUID=$uuid GRUB_DEVICE_BOOT=/dev/vda1 GRUB_DEVICE_BOOT_UUID=$uuid \
  GRUB_FS=ext2 GRUB_DISTRIBUTOR=Debian GRUB_CMDLINE_LINUX="console=ttyS0" GRUB_CMDLINE_LINUX_DEFAULT=quiet \
  GRUB_TIMEOUT=5 GRUB_DEFAULT=0 GRUB_RECOVERY_TITLE="recovery mode" \
  sh -c "/etc/grub.d/00_header && $work/bin/10_linux && /etc/grub.d/41_custom" \
  >"$work/debian/boot/grub/grub.cfg" 2>/dev/null
mkdisk debian ext4 debian $uuid "$work/debian" 32

mkdir -p "$work/esp/loader/entries"
for n in 1 2 3; do
  printf 'title Fedora %s\nversion 6.%s.0\nlinux /vmlinuz-%s\ninitrd /initrd-%s\noptions root=LABEL=f ro\n' \
    "$n" "$n" "$n" "$n" >"$work/esp/loader/entries/f$n.conf"
done
printf 'default f3\ntimeout 5\n' >"$work/esp/loader/loader.conf"
mkdisk esp vfat ESP 1234-ABCD "$work/esp" 32

mkdir -p "$work/arch/boot/extlinux"
printf 'DEFAULT arch\nTIMEOUT 50\nLABEL arch\n  LINUX ../vmlinuz-linux\n  APPEND root=LABEL=arch rw\nLABEL fallback\n  LINUX ../vmlinuz-linux\n  INITRD ../initramfs-linux-fallback.img\n' \
  >"$work/arch/boot/extlinux/extlinux.conf"
mkdisk arch ext4 arch a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d "$work/arch" 32

# Boots the loader with the given QEMU arguments; prints the "lobos ready" uptime.
ready() {
  local log="$work/console.log" pid t
  : >"$log"
  qemu-system-x86_64 -accel tcg -cpu max -m 1024 -nodefaults -no-user-config -display none -serial stdio \
    -no-reboot -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 panic=-1 quiet" "$@" >"$log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1200); do
    t=$(sed -n 's/.*lobos ready \([0-9.]*\) s.*/\1/p' "$log")
    [ -n "$t" ] && break
    sleep 0.25
  done
  # the menu is printed after the "lobos ready" line: wait for what follows it
  for _ in $(seq 240); do grep -q "lobos: \(booting\|type help\)" "$log" && break; sleep 0.25; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$t" ] || { echo "no 'lobos ready' in the console:" >&2; tail -20 "$log" >&2; exit 1; }
  if [ $# -gt 0 ] && ! grep -q "vdc1:syslinux:arch" "$log"; then
    echo "the disks' entries are not in the menu:" >&2; tail -30 "$log" >&2; exit 1
  fi
  grep -o "file systems on .*" "$log" >>"$work/phases" || true
  echo "$t"
}

disks=()
for d in debian esp arch; do disks+=(-drive "file=$work/$d.img,format=raw,if=virtio,readonly=on"); done
declare -a plain=() discovered=()
for _ in $(seq "$rounds"); do
  plain+=("$(ready)")
  discovered+=("$(ready "${disks[@]}")")
done
p=$(echo "${plain[*]}" | median)
d=$(echo "${discovered[*]}" | median)
printf "%-32s %10s   %s\n" "loader" "ready s" "rounds"
printf "%-32s %10s   %s\n" "kboot.conf only (no disk)" "$p" "${plain[*]}"
printf "%-32s %10s   %s\n" "three disks discovered" "$d" "${discovered[*]}"
echo "the loader's own account, per boot with disks:"
sed 's/^/  /' "$work/phases"
printf "discovery adds %.1f%% (%.2f s)\n" "$(echo "($d - $p) * 100 / $p" | bc -l)" "$(echo "$d - $p" | bc -l)"
