#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boots one QEMU guest, runs one test script in it, and judges the run.
#
#   run-guest.sh --arch x86_64 --kernel stock|debug --name NAME --out DIR
#                [--timeout S] [--append ARGS] [--file SRC:DST]... [--raw]
#                --script PATH
#
# SRC may be a file or a directory (copied recursively). The script runs as
# /test.sh under busybox sh; its TAP lines ("ok ...", "not ok ...", "# ...")
# are printed on stdout (with --raw: everything it printed). The run fails — a "not ok - NAME: why" line and a
# non-zero exit — on a timeout, a missing end marker, a non-zero script
# status, or any console line matching console-patterns; the relevant part
# of the console then goes to stderr. The whole console is in DIR/NAME.console.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

arch=x86_64 kernel=stock name= out= timeout=300 append= script= raw=
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	--script) script=$2; shift 2 ;;
	--raw) raw=1; shift ;;
	*) die "unknown option '$1'" ;;
	esac
done
[ -n "$name" ] && [ -n "$out" ] && [ -n "$script" ] ||
	die "usage: run-guest.sh --name NAME --out DIR --script PATH [...]"

case "$kernel" in
stock) image=$("$here/kernel-stock.sh" "$arch" | sed -n 's/^KERNEL=//p') ;;
debug) image=$("$here/kernel-debug.sh")/arch/x86/boot/bzImage ;;
*) die "unknown kernel '$kernel'" ;;
esac
[ -f "$image" ] || die "no kernel image for '$kernel'"

case "$arch" in
x86_64) qemu=(qemu-system-x86_64 -accel tcg -m 1G -smp 2); console=ttyS0 ;;
# pauth-impdef: plain -cpu max emulates pointer auth 3x slower.
arm64) qemu=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 1G -smp 2); console=ttyAMA0 ;;
*) die "guest architecture '$arch' is not supported" ;;
esac
[ "$kernel" = stock ] || [ "$arch" = x86_64 ] || die "the debug kernel is x86_64 only"

mkdir -p "$out"
root=$(mktemp -d "$out/$name.root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
cp "$(guest_busybox "$arch")" "$root/bin/busybox"
for f in "${files[@]}"; do
	src=${f%%:*}
	dst=${f#*:}
	mkdir -p "$root$(dirname "$dst")"
	cp -a "$src" "$root$dst"
done
cp "$script" "$root/test.sh"
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >>"$root/etc/passwd"

# /init: mount what tests need, run the script, report on the console,
# scan for leaks where kmemleak exists, and leave (reboot -f: the debug
# kernel has no ACPI to power off; QEMU runs with -no-reboot).
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo KBPF-GUEST-BEGIN
sh /test.sh
rc=$?
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
echo "KBPF-GUEST-END rc=$rc"
reboot -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/$name.initrd.gz"

log=$out/$name.console
note "$name: booting $kernel kernel ($arch)"
start=$(date +%s)
set +e
timeout "$timeout" "${qemu[@]}" -nographic -no-reboot \
	-kernel "$image" -initrd "$out/$name.initrd.gz" \
	-append "console=$console panic=-1 oops=panic $append" \
	</dev/null >"$log" 2>&1
qrc=$?
set -e
note "$name: guest ran $(($(date +%s) - start)) s"
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

# The script's own lines, without the kernel's.
if [ -n "$raw" ]; then
	sed -n '/KBPF-GUEST-BEGIN/,/^KBPF-GUEST-END/p' "$log" |
		sed '1d;$d' | grep -v '^\[ *[0-9]*\.[0-9]*\] ' || true
else
	sed -n '/KBPF-GUEST-BEGIN/,/^KBPF-GUEST-END/p' "$log" |
		grep -E '^(ok|not ok|#) ' || true
fi

failed=0
fail() {
	echo "not ok - $name: $1"
	failed=1
}
if [ "$qrc" = 124 ]; then
	fail "timed out after $timeout s"
	tail -n 60 "$log" >&2
fi
end=$(grep -a '^KBPF-GUEST-END rc=' "$log" | tail -n 1 || true)
if [ -z "$end" ]; then
	[ "$qrc" = 124 ] || { fail "no end marker (guest died?)"; tail -n 60 "$log" >&2; }
elif [ "${end#KBPF-GUEST-END rc=}" != 0 ]; then
	fail "test script exited with ${end#KBPF-GUEST-END rc=}"
fi
pattern=$(grep -v '^#' "$here/console-patterns" | paste -sd'|')
first=$(grep -naE "$pattern" "$log" | head -n 1 | cut -d: -f1 || true)
if [ -n "$first" ]; then
	fail "kernel reported: $(sed -n "${first}p" "$log" | sed 's/^\[[ 0-9.]*\] //')"
	sed -n "$((first > 20 ? first - 20 : 1)),$((first + 40))p" "$log" >&2
fi
exit $failed
