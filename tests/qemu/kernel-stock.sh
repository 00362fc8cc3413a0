#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kernel-stock.sh ARCH: Debian's stock kernel for a guest (ARCH: x86_64 or
# arm64), fetched once into $KBPF_CACHE/stock-<abi>/. Prints two lines:
#   KERNEL=<the vmlinuz to boot>
#   KDIR=<the kernel headers to build modules against>
# x86_64 builds against the host's installed linux-headers-<abi>; a foreign
# architecture brings its own headers package, unpacked beside the image,
# with its kbuild scripts linked to the host's (they must run here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -le 1 ] || die "usage: kernel-stock.sh [x86_64|arm64]"
arch=${1:-x86_64}
debarch=$(guest_debarch "$arch")
abi=$(stock_abi "$arch")
[ -n "$abi" ] || die "cannot resolve Debian's stock $debarch kernel (apt-cache depends" \
	"linux-headers-$debarch:$debarch): run 'make deps' (it adds the arm64 architecture)"

dir="$KBPF_CACHE/stock-$abi"
mkdir -p "$KBPF_CACHE"
exec 9>"$KBPF_CACHE/stock-$abi.lock"
flock 9
if [ ! -f "$dir/.kbpf-done" ]; then
	note "fetching linux-image-$abi ($debarch)"
	rm -rf "$dir"
	mkdir -p "$dir"
	pkgs=("linux-image-$abi:$debarch")
	[ "$arch" = x86_64 ] || pkgs+=("linux-headers-$abi:$debarch")
	if ! (cd "$dir" && apt-get download "${pkgs[@]}") >"$dir/download.log" 2>&1; then
		cat "$dir/download.log" >&2
		die "apt-get download ${pkgs[*]} failed (run 'make deps'; 'apt-get update'?)"
	fi
	for deb in "$dir"/*.deb; do
		dpkg -x "$deb" "$dir/root"
	done
	rm -f "$dir"/*.deb "$dir/download.log"
	if [ "$arch" != x86_64 ]; then
		# The package's kbuild scripts are $debarch binaries: use the host's.
		[ -d /usr/lib/linux-kbuild-6.1 ] ||
			die "/usr/lib/linux-kbuild-6.1 missing: run 'make deps'"
		ln -sfn /usr/lib/linux-kbuild-6.1 "$dir/root/usr/lib/linux-kbuild-6.1"
	fi
	touch "$dir/.kbpf-done"
fi
exec 9>&-

kernel=$dir/root/boot/vmlinuz-$abi
[ -f "$kernel" ] || die "$kernel missing: remove $dir and run again"
case "$arch" in
x86_64)
	kdir=/usr/src/linux-headers-$abi
	[ -d "$kdir" ] || die "$kdir missing: run 'make deps' (linux-headers-$abi)"
	;;
*)
	kdir=$dir/root/usr/src/linux-headers-$abi
	[ -d "$kdir" ] || die "$kdir missing: remove $dir and run again"
	;;
esac
echo "KERNEL=$kernel"
echo "KDIR=$kdir"
