#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dkms.sh OUTDIR: DKMS as a Debian user runs it. The sources go where
# 'make dkms-src' puts them, dkms adds and builds them against Debian's
# stock kernel headers, and the module dkms built is loaded in the stock
# guest. Private --sourcetree/--dkmstree directories under OUTDIR keep the
# machine's own /usr/src and /var/lib/dkms untouched. Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
src=$out/src
tree=$out/dkms
failed=0

ok() { echo "ok - packaging/$1"; }
notok() { echo "not ok - packaging/$1"; failed=1; }
check() { local name=$1; shift; if "$@" >>"$out/dkms.log" 2>&1; then ok "$name"; else notok "$name"; fi; }

version=$(sed -n 's/^KBPF_VERSION\t*:= *//p' Makefile)
abi=$(apt-cache depends linux-headers-amd64 2>/dev/null |
	sed -n 's/.*Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1)
rm -rf "$src" "$tree"
mkdir -p "$src" "$tree"
: >"$out/dkms.log"

check dkms_conf_version grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf
check dkms_src make -s dkms-src DKMS_SRC="$src/kbpf-$version"
check dkms_add dkms add kbpf/"$version" --sourcetree "$src" --dkmstree "$tree"
check dkms_build dkms build kbpf/"$version" -k "$abi" --sourcetree "$src" --dkmstree "$tree"
ko=$(find "$tree/kbpf/$version/$abi" -name kbpf.ko 2>/dev/null | head -n 1)
check dkms_module_for_stock_kernel sh -c "modinfo -F vermagic '$ko' | grep -q '^$abi '"
[ -n "$ko" ] || exit 1

# The module dkms built, loaded where it belongs: in a guest.
cat >"$out/guest.sh" <<'GUEST'
#!/bin/sh
if insmod /kbpf.ko; then echo "ok - packaging/dkms_module_loads"; else echo "not ok - packaging/dkms_module_loads"; fi
if kbpf version | grep -q "API 1"; then echo "ok - packaging/dkms_module_answers"; else echo "not ok - packaging/dkms_module_answers"; fi
if rmmod kbpf; then echo "ok - packaging/dkms_module_unloads"; else echo "not ok - packaging/dkms_module_unloads"; fi
GUEST
tests/qemu/run-guest.sh --arch x86_64 --kernel stock --name dkms \
	--out "$out" --timeout 300 --file "$ko:/kbpf.ko" --file build/kbpf:/bin/kbpf \
	--script "$out/guest.sh" || failed=1
exit $failed
