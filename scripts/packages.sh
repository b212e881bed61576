# Sourced by scripts/test: the Debian packages lobos's tests need, and a function that
# installs the missing ones (as root) or prints the exact apt-get line.

LOBOS_TEST_PACKAGES=(
  qemu-system-x86 busybox-static ca-certificates  # the end-to-end tests boot the loader in QEMU
  cpio                                      # GNU cpio reads what lobos writes, and back
  xz-utils zstd lz4 bzip2 gzip              # compressed kernels and initramfs fixtures
  binutils file systemd-boot-efi            # readelf/objdump/objcopy, file(1), a UKI stub
  e2fsprogs dosfstools exfatprogs xfsprogs btrfs-progs xorriso squashfs-tools
  cryptsetup-bin fdisk gdisk util-linux     # file systems and partition tables, blkid as reference
  tftpd-hpa tftp-hpa iproute2               # TFTP interoperability, test network namespaces
  nginx vsftpd openssl curl                 # HTTP(S) and FTP interoperability, test certificates
  openssh-server openssh-client             # SFTP and loader-SSH interoperability (the tests start their own sshd)
  whois                                     # mkpasswd: SHA-crypt hashes to check lobos passwd against
  grub-common systemd                       # grub-script-check, grub-editenv, systemd-analyze
  mtools                                    # FAT disk images for the end-to-end tests
  nasm                                      # tiny Multiboot kernels built by the end-to-end tests
  memtest86+                                # a real payload with a 64-bit entry (PayloadsIT)
  ovmf                                      # UEFI firmware: the loader under OVMF, BootNext (FirmwareIT)
  nfs-ganesha nfs-ganesha-vfs               # a userspace NFS server the QEMU guest mounts
  kmod                                      # depmod and modprobe --resolve-alias: the reference for lobos's alias index
  dnsmasq-base                              # DHCP(v6)/BOOTP server for the DHCP client tests (busybox udhcpd too)
  isc-dhcp-client ipxe                      # lobos server: dhclient as a client; undionly.kpxe and ipxe.efi for firmware
  postgresql                                # lobos server's state in PostgreSQL (the test starts its own server)
)

lobos_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -n "${LOBOS_SKIP_APT:-}" ]; then
    echo "lobos: missing packages (LOBOS_SKIP_APT is set): ${missing[*]}" >&2
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "lobos: these Debian packages are missing; install them as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  echo "lobos: installing ${missing[*]}" >&2
  # Packages with services (tftpd-hpa, nginx, vsftpd, openssh-server) must not start them: the tests run their own
  # servers on 127.0.0.1 and nothing may listen on the machine's other addresses.
  local policy=/usr/sbin/policy-rc.d made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || {
    [ -n "$made_policy" ] && rm -f "$policy"; return 1; }
  [ -n "$made_policy" ] && rm -f "$policy"
  local service
  for service in tftpd-hpa nginx vsftpd ssh ssh.socket postgresql; do
    if systemctl is-enabled "$service" >/dev/null 2>&1; then systemctl disable --now "$service" >/dev/null 2>&1 || true; fi
  done
  return 0
}

# Packages whose install would touch this machine's boot are unpacked into the cache instead:
# u-boot-menu's u-boot-update (it would add a kernel hook) writes a real extlinux.conf for a test,
# and Debian's Xen hypervisor (it would add GRUB entries) boots from a test's disk. Prints the
# Maven options that name them; what cannot be fetched is left out (its test is skipped).
lobos_unpacked_tools() {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lobos/tools" xen
  lobos_unpack u-boot-menu "$cache/u-boot-menu" && echo "-Dlobos.test.u-boot-update=$cache/u-boot-menu/usr/sbin/u-boot-update"
  # the newest xen-hypervisor-VERSION-amd64 apt knows
  xen=$(apt-cache pkgnames xen-hypervisor- 2>/dev/null | grep -E '^xen-hypervisor-[0-9.]+-amd64$' | sort -V | tail -n1)
  if [ -n "$xen" ] && lobos_unpack "$xen" "$cache/$xen"; then
    xen=$(find "$cache/$xen/boot" -name 'xen-*-amd64.gz' | head -n1)
    [ -n "$xen" ] && echo "-Dlobos.test.xen=$xen"
  fi
  return 0
}

# Unpacks Debian package PKG into DIR once (apt-get download, dpkg-deb -x); fails if it cannot.
lobos_unpack() {
  local pkg=$1 dir=$2 tmp
  [ -d "$dir" ] && return 0
  tmp=$(mktemp -d)
  if (cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1 && dpkg-deb -x "$pkg"_*.deb "$tmp/x"); then
    mkdir -p "$(dirname "$dir")" && mv "$tmp/x" "$dir"
  else
    echo "lobos: could not fetch $pkg; its test will be skipped" >&2
  fi
  rm -rf "$tmp"
  [ -d "$dir" ]
}
