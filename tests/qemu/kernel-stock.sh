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

case "$arch" in
x86_64) kdir=/usr/src/linux-headers-$abi ;;
*) die "guest architecture '$arch' is not supported yet" ;;
esac
[ -d "$kdir" ] || die "$kdir missing: run 'make deps'"

dir="$KBPF_CACHE/stock-$abi"
if [ ! -f "$dir/.kbpf-done" ]; then
	note "fetching linux-image-$abi"
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get download "linux-image-$abi" >/dev/null) ||
		die "apt-get download linux-image-$abi failed"
	dpkg -x "$dir"/linux-image-*.deb "$dir/root"
	rm -f "$dir"/linux-image-*.deb
	touch "$dir/.kbpf-done"
fi
echo "KERNEL=$dir/root/boot/vmlinuz-$abi"
echo "KDIR=$kdir"
