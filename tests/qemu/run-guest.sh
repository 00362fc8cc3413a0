#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boots one QEMU guest, runs one test script in it, and judges the run.
#
#   run-guest.sh [--arch x86_64|arm64] [--kernel stock|debug] --name NAME
#                --out DIR --script PATH [--timeout SECONDS] [--raw]
#                [--file SRC:DST]... [--append "kernel args"]...
#
# --script     a busybox sh script; it runs as /test.sh, stdout and stderr
#              on the guest console
# --file       copies host file or directory SRC to DST in the initramfs
#              (modes kept); repeatable
# --append     extra kernel arguments; NAME=value ones that the kernel does
#              not know reach /test.sh as environment variables
# --timeout    seconds for the whole boot (default 300)
# --raw        print everything the script wrote, not only its TAP lines
#
# Defaults: --arch x86_64 --kernel stock. DIR receives NAME.console (the
# whole console, \r stripped) and NAME.initrd.gz.
#
# stdout: the TAP lines the script printed ("ok ...", "not ok ...", "# ..."),
# in order, then one "not ok - NAME: <reason>" line per failure of the run:
# a timeout, no end marker, a non-zero script status, or a console line
# matching console-patterns (kernel warnings, KASAN, lockdep, kmemleak, ...).
# The part of the console that shows the failure goes to stderr, with the
# progress messages. Exit status: 0 if the run passed, 1 if not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	awk 'NR > 2 && !/^#/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0" >&2
	exit 2
}

arch=x86_64 kernel=stock name='' out='' timeout=300 append='' script='' raw=''
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch | --kernel | --name | --out | --timeout | --append | --file | --script)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case "$1" in
		--arch) arch=$2 ;;
		--kernel) kernel=$2 ;;
		--name) name=$2 ;;
		--out) out=$2 ;;
		--timeout) timeout=$2 ;;
		--append) append="$append $2" ;;
		--file) files+=("$2") ;;
		--script) script=$2 ;;
		esac
		shift 2
		;;
	--raw) raw=1; shift ;;
	-h | --help) usage ;;
	*) echo "run-guest.sh: unknown option '$1'" >&2; usage ;;
	esac
done
if [ -z "$name" ] || [ -z "$out" ] || [ -z "$script" ]; then
	usage
fi
case "$name" in
*[!A-Za-z0-9._-]*) die "--name '$name': use letters, digits, '.', '_', '-'" ;;
esac
case "$timeout" in
'' | *[!0-9]*) die "--timeout '$timeout' is not a number of seconds" ;;
esac
[ -f "$script" ] || die "--script $script: no such file"
for f in "${files[@]}"; do
	case "$f" in
	*:/*) [ -e "${f%%:*}" ] || die "--file $f: no such file '${f%%:*}'" ;;
	*) die "--file $f: expected SRC:/absolute/DST" ;;
	esac
done

case "$kernel" in
stock) image=$("$here/kernel-stock.sh" "$arch" | sed -n 's/^KERNEL=//p') ;;
debug)
	[ "$arch" = x86_64 ] || die "the debug kernel is x86_64 only"
	image=$("$here/kernel-debug.sh")/arch/x86/boot/bzImage
	;;
*) die "--kernel '$kernel': expected stock or debug" ;;
esac
[ -f "$image" ] || die "no kernel image for '$kernel' ($image)"

case "$arch" in
x86_64)
	# SMEP and SMAP: the guest kernel faults when it runs user memory or
	# touches it outside the uaccess helpers, as on real hardware.
	qemu=(qemu-system-x86_64 -accel tcg -cpu 'qemu64,+smep,+smap' -m 1G -smp 2)
	console=ttyS0
	;;
arm64)
	# pauth-impdef: plain -cpu max emulates pointer auth 3x slower.
	qemu=(qemu-system-aarch64 -accel tcg -M virt -cpu 'max,pauth-impdef=on' -m 1G -smp 2)
	console=ttyAMA0
	;;
*) die "guest architecture '$arch' is not supported" ;;
esac

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

# /init: mount what tests need, run the script with its output on the
# console, look for leaks where the kernel has kmemleak, report, and leave.
# kmemleak reports an object only when it is unreferenced and unchanged in
# two scans and was at least 5 s old when the second one began (a scan
# takes ~11 s in the debug guest, so the sleep rarely runs). Its periodic
# scan is turned off: it would only slow the tests down. reboot -f, not
# poweroff: the debug kernel has no ACPI; QEMU runs with -no-reboot.
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
mount -t tmpfs tmpfs /tmp
cd /
leaks=/sys/kernel/debug/kmemleak
[ -e $leaks ] && echo scan=off >$leaks
echo KBPF-GUEST-BEGIN
sh /test.sh 2>&1
rc=$?
if [ -e $leaks ]; then
	t0=$(cut -d. -f1 /proc/uptime)
	echo scan >$leaks
	t=$(($(cut -d. -f1 /proc/uptime) - t0))
	[ $t -ge 6 ] || sleep $((6 - t))
	echo scan >$leaks
	cat $leaks
fi
echo "KBPF-GUEST-END rc=$rc"
reboot -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/$name.initrd.gz"

log=$out/$name.console
note "$name: booting the $kernel kernel ($arch), timeout $timeout s"
start=$(date +%s)
set +e
# printk.devkmsg=on: the markers scripts write to /dev/kmsg are never
# rate-limited away. loglevel=7: KUnit's KERN_INFO lines reach the console.
timeout -k 10 "$timeout" "${qemu[@]}" -nographic -no-reboot \
	-kernel "$image" -initrd "$out/$name.initrd.gz" \
	-append "console=$console panic=-1 oops=panic printk.devkmsg=on loglevel=7$append" \
	</dev/null >"$log" 2>&1
qrc=$?
set -e
note "$name: guest ran $(($(date +%s) - start)) s"
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

# The script's own lines, without the kernel's (which carry timestamps).
guest_lines() {
	sed -n '/KBPF-GUEST-BEGIN/,/^KBPF-GUEST-END rc=/p' "$log" | sed '1d;/^KBPF-GUEST-END rc=/d'
}
if [ -n "$raw" ]; then
	guest_lines | grep -avE '^\[ *[0-9]+\.[0-9]+\]' || true
else
	guest_lines | grep -aE '^(ok|not ok) |^# ' || true
fi

failed=0
fail() {
	echo "not ok - $name: $1"
	failed=1
}
shown=
show() {
	[ -z "$shown" ] || return 0
	shown=1
	echo "---- $log: $1 ----" >&2
	sed -n "$2" "$log" >&2
	echo "---- end of console excerpt ----" >&2
}
end=$(grep -a '^KBPF-GUEST-END rc=' "$log" | tail -n 1 || true)
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	fail "timed out after $timeout s"
elif [ -z "$end" ]; then
	if [ "$qrc" != 0 ]; then
		fail "no end marker: qemu exited with status $qrc"
	else
		fail "no end marker: the guest stopped before the script finished"
	fi
elif [ "${end#KBPF-GUEST-END rc=}" != 0 ]; then
	fail "test script exited with status ${end#KBPF-GUEST-END rc=}"
fi
first=$(grep -naE "$(console_regex)" "$log" | head -n 1 | cut -d: -f1 || true)
if [ -n "$first" ]; then
	report=$(sed -n "${first}p" "$log" | strip_timestamps | cut -c1-160)
	fail "kernel reported: $report"
	show "first report, line $first" "$((first > 20 ? first - 20 : 1)),$((first + 40))p"
	# Leaks are reported apart from whatever splat came first.
	leaks=$(grep -ac '^unreferenced object ' "$log" || true)
	case "$report" in
	"unreferenced object "*) ;;
	*) [ "$leaks" = 0 ] || fail "kmemleak: $leaks unreferenced objects (see the console)" ;;
	esac
fi
if [ "$failed" != 0 ]; then
	show "last 60 lines" "$(($(wc -l <"$log") > 60 ? $(wc -l <"$log") - 59 : 1)),\$p"
	note "$name: FAILED; the whole console is in $log"
fi
exit $failed
