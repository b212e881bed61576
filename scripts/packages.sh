# Sourced by scripts/test and .ci/run: the Debian packages lobos's tests need, and a
# function that installs the missing ones (as root) or prints the exact apt-get line.

# qemu-system-x86: end-to-end tests boot the loader in QEMU
# busybox-static:  the boot image's shell tools, and the probe the target kernel runs
# cpio:            GNU cpio reads what lobos writes (interoperability test)
# xz-utils, zstd, lz4, bzip2, gzip: compressed kernel and initramfs fixtures
# binutils:        readelf checks lobos's ELF reader
LOBOS_TEST_PACKAGES=(qemu-system-x86 busybox-static cpio xz-utils zstd lz4 bzip2 gzip binutils file)

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
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
