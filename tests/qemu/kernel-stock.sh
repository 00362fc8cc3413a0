#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kernel-stock.sh ARCH: Debian's stock kernel for a guest, fetched once into
# the cache. Prints KERNEL=<vmlinuz> and KDIR=<headers to build against>.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

arch=${1:-x86_64}
debarch=$(guest_debarch "$arch")
abi=$(stock_abi "$arch")
[ -n "$abi" ] || die "cannot resolve Debian's stock kernel ABI (apt-cache)"

dir="$KBPF_CACHE/stock-$abi"
if [ ! -f "$dir/.kbpf-done" ]; then
	note "fetching linux-image-$abi"
	rm -rf "$dir"
	mkdir -p "$dir"
	pkgs="linux-image-$abi:$debarch"
	# Foreign kernels bring their own headers; amd64 uses the installed ones.
	[ "$arch" = x86_64 ] || pkgs="$pkgs linux-headers-$abi:$debarch"
	# shellcheck disable=SC2086
	(cd "$dir" && apt-get download $pkgs >/dev/null 2>&1) ||
		die "apt-get download $pkgs failed (for arm64: run 'make deps')"
	for deb in "$dir"/*.deb; do
		dpkg -x "$deb" "$dir/root"
	done
	rm -f "$dir"/*.deb
	# The headers' scripts are the host's: kbuild runs them here.
	[ "$arch" = x86_64 ] || ln -sfn /usr/lib/linux-kbuild-6.1 "$dir/root/usr/lib/linux-kbuild-6.1"
	touch "$dir/.kbpf-done"
fi

case "$arch" in
x86_64) kdir=/usr/src/linux-headers-$abi ;;
*) kdir=$dir/root/usr/src/linux-headers-$abi ;;
esac
[ -d "$kdir" ] || die "$kdir missing: run 'make deps'"
echo "KERNEL=$dir/root/boot/vmlinuz-$abi"
echo "KDIR=$kdir"
