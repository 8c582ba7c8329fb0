#!/usr/bin/env bash
# CI: the README's two commands on a truly minimal Debian 12, in a chroot built
# for this run: `debootstrap --variant=minbase` with only python3, git and
# ca-certificates added. Nothing is cached between runs. Needs root.
#
# In the chroot, as root, from a clone of this repository's HEAD:
#   ./lecture.sh render SecantConvergence -q draft   (then checks the clip)
#   ./lecture.sh test $MATH_CORE_TESTS
set -euo pipefail

# The math core's tests, the ones run in the chroot.
MATH_CORE_TESTS="tests/maths tests/content"

SUITE=bookworm
repo=$(cd "$(dirname "$0")/.." && pwd)

say() { echo "fresh-debian: $*"; }
cannot() {
  echo "fresh-debian: cannot build a minimal Debian 12 chroot, so the README's commands were NOT checked there: $*" >&2
  exit 1
}
now() { date +%s; }
took() { say "$1 took $(($(now) - $2)) s"; }

[ "$(id -u)" -eq 0 ] || cannot "this needs root (debootstrap, mount, chroot)"
if ! command -v debootstrap >/dev/null 2>&1; then
  log=$(mktemp /var/tmp/fresh-debian-apt.XXXXXX.log)
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } \
    >"$log" 2>&1 || cannot "debootstrap is missing and apt-get could not install it (see $log)"
  rm -f "$log"
fi

# The machine's own Debian mirror (the first non-security one), else deb.debian.org.
mirror=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(awk 'tolower($1) == "uris:" && $2 !~ /security/ { print $2; exit }' \
    /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" { sub(/^deb +(\[[^]]*\] +)?/, ""); if ($1 !~ /security/) { print $1; exit } }' \
    /etc/apt/sources.list)
fi
mirror=${mirror:-http://deb.debian.org/debian}
commit=$(git -C "$repo" rev-parse HEAD 2>/dev/null) || cannot "git cannot read the commit under test in $repo"

root=$(mktemp -d /var/tmp/fresh-debian.XXXXXX)
chmod 755 "$root" # mktemp makes it 0700; a system's / is 0755
# Mount points below $root, deepest (last mounted) first.
mounts_below_root() {
  awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | tac
}
cleanup() {
  local rc=$? m t
  set +e
  t=$(now)
  for m in $(mounts_below_root); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if [ ! -r /proc/self/mounts ] || [ -n "$(mounts_below_root)" ] ||
    mountpoint -q "$root/proc" || mountpoint -q "$root/dev" || mountpoint -q "$root/sys"; then
    echo "fresh-debian: still mounted below $root, so it is left in place: $(mounts_below_root | tr '\n' ' ')" >&2
    exit 1
  fi
  # Nothing is mounted below it any more (no /dev, /proc bound): safe to remove.
  rm -rf --one-file-system "$root"
  took "unmounting and removing the chroot" "$t"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_all=$(now)
say "debootstrap --variant=minbase $SUITE from $mirror into $root"
t=$(now)
log=$root.debootstrap.log
debootstrap --variant=minbase --include=python3,git,ca-certificates \
  "$SUITE" "$root" "$mirror" >"$log" 2>&1 || cannot "debootstrap failed (its log: $log)"
rm -f "$log"
took "debootstrap" "$t"

# This machine's network settings: name resolution, and the extra CA certificates
# (a TLS-intercepting proxy stands between it and the package registries).
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cp -L /etc/hosts "$root/etc/hosts"
mkdir -p "$root/usr/local/share/ca-certificates"
if [ -d /usr/local/share/ca-certificates ]; then
  cp -rL /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi

mount -t proc proc "$root/proc" || cannot "mounting proc failed"
mount --bind /dev "$root/dev" || cannot "bind-mounting /dev failed"
mount --bind /dev/pts "$root/dev/pts" || cannot "bind-mounting /dev/pts failed"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm" || cannot "mounting a tmpfs on /dev/shm failed"
mount -t sysfs sys "$root/sys" 2>/dev/null || mount --bind /sys "$root/sys" ||
  cannot "mounting sys failed"

# A clean environment: nothing of the host's pip set-up (/etc/xdg/pip, its
# wheel folder, PIP_* variables) gets in; only the CA bundle and any proxy.
chroot_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  HOME=/root LANG=C.UTF-8)
if [ -n "${PIP_CERT:-}" ] || [ -n "$(ls -A "$root/usr/local/share/ca-certificates")" ]; then
  chroot_env+=(PIP_CERT=/etc/ssl/certs/ca-certificates.crt)
fi
for var in http_proxy https_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY ALL_PROXY; do
  if [ -n "${!var:-}" ]; then chroot_env+=("$var=${!var}"); fi
done
in_chroot() { chroot "$root" "${chroot_env[@]}" "$@"; }

in_chroot update-ca-certificates >/dev/null

git clone -q --no-hardlinks --no-checkout "$repo" "$root/root/lecture"
git -C "$root/root/lecture" checkout -q --detach "$commit"
say "testing commit $commit"

say "./lecture.sh render SecantConvergence -q draft"
t=$(now)
in_chroot sh -c 'cd /root/lecture && ./lecture.sh render SecantConvergence -q draft'
took "set-up and render" "$t"
clip=$root/root/lecture/output/draft/SecantConvergence.mp4
if [ ! -s "$clip" ]; then
  say "FAILED: output/draft/SecantConvergence.mp4 is missing or empty" >&2
  exit 1
fi
say "output/draft/SecantConvergence.mp4: $(stat -c %s "$clip") bytes"

say "./lecture.sh test $MATH_CORE_TESTS"
t=$(now)
in_chroot sh -c "cd /root/lecture && ./lecture.sh test $MATH_CORE_TESTS"
took "test set-up and math-core tests" "$t"

took "the minimal Debian 12 check" "$start_all"
