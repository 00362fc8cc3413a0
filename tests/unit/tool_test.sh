#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kbpf tool offline (--host): clang-built objects and JSON output,
# what a user types, checked by its output. TAP lines; exit status 1 if
# any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
kbpf=${KBPF:-build/kbpf}
progs=build/progs
failed=0

check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok - tool/$name"
	else
		echo "not ok - tool/$name"
		failed=1
	fi
}

retval() { sed -n 's/^Return value: \([0-9]*\),.*/\1/p'; }

check elf/run_subprograms test "$("$kbpf" --host prog run $progs/calls.bpf.o prog sum_calls | retval)" = 42
check elf/run_socket test "$("$kbpf" --host prog run $progs/calls.bpf.o prog accept_all | retval)" = 18446744073709551615
check elf/maps_and_globals sh -c "$kbpf --host prog run $progs/objects.bpf.o prog on_write | grep -q '^Return value: 1,'"
check elf/legacy_maps sh -c "$kbpf --host prog run $progs/legacy.bpf.o | grep -q '^Return value: 0,'"
check elf/verify_all_programs sh -c "$kbpf --host prog verify $progs/calls.bpf.o | grep -c accepted | grep -qx 2"
check elf/needs_prog_name sh -c "$kbpf --host prog run $progs/calls.bpf.o 2>&1 | grep -q 'pick one with'"
check elf/unknown_prog_name sh -c "$kbpf --host prog run $progs/calls.bpf.o prog nosuch 2>&1 | grep -q \"no program 'nosuch'\""
check elf/core_refused sh -c "! $kbpf --host prog verify $progs/bad_core.bpf.o 2>&1 | grep -q accepted && $kbpf --host prog verify $progs/bad_core.bpf.o 2>&1 | grep -q CO-RE"
check elf/disasm_object sh -c "$kbpf disasm $progs/calls.bpf.o | grep -q '^prog sum_calls'"
# Global data as BPF_F_MMAPABLE maps in the host library: .data written
# through the mapping, .bss zeroed, .rodata updated and frozen (41 + 1 + 1).
check mmap/data_bss_rodata test "$("$kbpf" --host prog run $progs/mmap_data.bpf.o | retval)" = 43
check mmap/rodata_set test "$("$kbpf" --host prog run $progs/mmap_data.bpf.o rodata bias=5 | retval)" = 47
check mmap/bss_counts test "$("$kbpf" --host prog run $progs/mmap_data.bpf.o repeat 10 | retval)" = 52

# Read-only globals set before load (rodata NAME=VALUE), and what is refused.
ro() { "$kbpf" --host prog run $progs/rodata.bpf.o prog "$@" 2>&1; }
check rodata/default test "$(ro get_answer | retval)" = 7
check rodata/set_u32 test "$(ro get_answer rodata answer=42 | retval)" = 42
check rodata/set_hex test "$(ro get_answer rodata answer=0x10 | retval)" = 16
check rodata/set_s8_min test "$(ro get_small rodata small=-128 | retval)" = 18446744073709551488
check rodata/set_u64 test "$(ro get_big rodata big=0xffffffff00000000 | retval)" = 4294967295
check rodata/set_string test "$(ro word_len rodata word=hello | retval)" = 5
check rodata/set_string_longest test "$(ro word_len rodata word=1234567 | retval)" = 7
check rodata/last_wins test "$(ro get_answer rodata answer=1 rodata answer=9 | retval)" = 9
check rodata/verify sh -c "$kbpf --host prog verify $progs/rodata.bpf.o rodata answer=3 | grep -c accepted | grep -qx 4"
check rodata/s8_too_big test "$(ro get_small rodata small=128)" = "Error: rodata small: 128 does not fit in its 1-byte signed integer"
check rodata/u32_too_big test "$(ro get_answer rodata answer=4294967296)" = "Error: rodata answer: 4294967296 does not fit in its 4-byte unsigned integer"
check rodata/unsigned_negative test "$(ro get_answer rodata answer=-1)" = "Error: rodata answer: -1 does not fit in its 4-byte unsigned integer"
check rodata/not_integer test "$(ro get_answer rodata answer=abc)" = "Error: rodata answer: 'abc' is not an integer (4-byte unsigned)"
check rodata/string_too_long test "$(ro word_len rodata word=12345678)" = "Error: rodata word: '12345678' does not fit: char[8] holds at most 7 characters and the NUL"
check rodata/unknown_name test "$(ro get_answer rodata nosuch=1)" = "Error: rodata nosuch: the object has no such global variable"
check rodata/bss_refused test "$(ro get_answer rodata hits=1)" = "Error: rodata hits: the variable is in .bss, not .rodata: only 'const volatile' globals are set before load (programs write the others)"
check rodata/data_refused test "$(ro get_answer rodata limit=1)" = "Error: rodata limit: the variable is in .data, not .rodata: only 'const volatile' globals are set before load (programs write the others)"
check rodata/struct_refused test "$(ro get_answer rodata pair=1)" = "Error: rodata pair: only integers and char arrays can be set (and only with BTF: compile with -g)"
check rodata/needs_equals test "$(ro get_answer rodata answer)" = "Error: rodata wants VAR=VALUE, not 'answer'"
# prog run's data_in/ctx_in/data_out/ctx_out, in the host engine.
tr=$progs/testrun.bpf.o
pkt=$(mktemp); pktout=$(mktemp); ctx=$(mktemp); ctxout=$(mktemp); err=$(mktemp)
printf '\052\001\002' >"$pkt"
check run/data_in test "$("$kbpf" --host prog run $tr prog first_byte data_in "$pkt" data_out "$pktout" | retval)" = 810
check run/data_out cmp "$pkt" "$pktout"
check run/data_stdin_hex_out sh -c "$kbpf --host prog run $tr prog first_byte data_in - data_out - <$pkt | grep -qx '2a 01 02'"
check run/data_out_json sh -c "$kbpf -j --host prog run $tr prog first_byte data_in $pkt data_out - | grep -q '\"data_out\":\"2a0102\"'"
check run/data_out_short sh -c "! $kbpf --host prog run $tr prog first_byte data_in $pkt data_out $pktout data_size_out 2 2>$err && grep -q 'the packet is 3 bytes, data_size_out 2' $err"
check run/no_data_in_empty_packet test "$("$kbpf" --host prog run $tr prog first_byte | retval)" = 0
{ head -c 52 /dev/zero; printf '\025\000\000\000'; } >"$ctx"
check run/ctx_in test "$("$kbpf" --host prog run $tr prog cb_double ctx_in "$ctx" ctx_out "$ctxout" | retval)" = 21
check run/ctx_out sh -c "$kbpf --host prog run $tr prog cb_double ctx_in $ctx ctx_out - | grep -q '^2a 00 00 00 15 00 00 00'"
check run/ctx_out_file test "$(wc -c <"$ctxout")" = 192
check run/ctx_out_short sh -c "! $kbpf --host prog run $tr prog cb_double ctx_out $ctxout ctx_size_out 8 2>$err && grep -q 'the context is 192 bytes, ctx_size_out 8' $err"
head -c 4096 /dev/zero >"$ctxout"
check run/ctx_in_too_big sh -c "! $kbpf --host prog run $tr prog cb_double ctx_in $ctxout 2>$err && grep -q 'Invalid argument' $err"
check run/missing_data_in_file sh -c "! $kbpf --host prog run $tr prog first_byte data_in /nonexistent 2>$err && grep -q 'data_in /nonexistent: No such file' $err"
check run/size_out_needs_out sh -c "! $kbpf --host prog run $tr prog first_byte data_size_out 4 2>$err && grep -q 'data_size_out needs data_out' $err"
r0=$(mktemp)
printf '\xb7\0\0\0\0\0\0\0\x95\0\0\0\0\0\0\0' >"$r0"
check run/kprobe_data_in_refused sh -c "! $kbpf --host prog run $r0 type kprobe data_in $pkt 2>$err && grep -q 'socket filters only' $err"
check run/kprobe_ctx_in test "$("$kbpf" --host prog run $r0 type kprobe ctx_in "$ctx" | retval)" = 0
rm -f "$r0"
check run/repeat_with_data test "$("$kbpf" --host prog run $tr prog first_byte repeat 5 data_in "$pkt" | retval)" = 810
rm -f "$pkt" "$pktout" "$ctx" "$ctxout" "$err"

raw=$(mktemp)
printf '\xb7\0\0\0\0\0\0\0\x95\0\0\0\0\0\0\0' >"$raw"
check rodata/raw_refused sh -c "$kbpf --host prog run $raw rodata a=1 2>&1 | grep -q \"'rodata VAR=VALUE' is for ELF objects\""
check rodata/raw_runs sh -c "$kbpf --host prog run $raw | grep -q '^Return value: 0,'"
rm -f "$raw"
check rodata/error_status sh -c "! $kbpf --host prog run $progs/rodata.bpf.o prog get_answer rodata nosuch=1 2>/dev/null"

# bpf_strncmp and BPF_SNPRINTF from clang-built programs (tests/progs/strings.bpf.c).
st() { "$kbpf" --host prog run $progs/strings.bpf.o prog "$@" 2>&1; }
check strings/strncmp_rodata test "$(st cmp_target | retval)" = 0
check strings/strncmp_rodata_set test "$(st cmp_target rodata target=zsh | retval)" = 18446744073709551615
check strings/strncmp_order test "$(st cmp_order | retval)" = 36
check strings/snprintf_mixed test "$(st fmt_mixed | retval)" = 221
check strings/snprintf_stack_string test "$(st fmt_stack_string | retval)" = 81
check strings/snprintf_truncated test "$(st fmt_truncated | retval)" = 71
check strings/snprintf_bad_format sh -c "$kbpf --host prog verify $progs/strings.bpf.o prog bad_format 2>&1 | grep -q 'format string of snprintf is invalid at offset 3: more conversions than arguments'"

# A rejection explained in C: .BTF.ext line info, renumbered for the
# appended .text subprogram, in the log between markers and the summary.
lines_out=$("$kbpf" --host prog verify $progs/bad_lines.bpf.o 2>&1)
check lines/rejected sh -c "! $kbpf --host prog verify $progs/bad_lines.bpf.o >/dev/null 2>&1"
check lines/summary test "$(echo "$lines_out" | head -n 1)" = "Error: prog 'bad_lines': rejected by the verifier (EACCES: the program is not provably safe) at insn 15 (bad_lines.bpf.c:12): r1 += r2: pointer arithmetic on r1 with a value of unbounded range (0..17179869180); bound it with a check first"
lines_golden=$(printf '%s\n' \
	'; return pick(vals, skb->len); @ bad_lines.bpf.c:24' \
	'10: call pc+1' \
	'; return vals[i];	/* i is unbounded: the read may leave the stack */ @ bad_lines.bpf.c:12' \
	'12: r2 <<= 32' \
	'13: r2 >>= 32' \
	'14: r2 <<= 2' \
	'15: r1 += r2' \
	'15: r1 += r2: pointer arithmetic on r1 with a value of unbounded range (0..17179869180); bound it with a check first' \
	'-- END PROG LOAD LOG --')
check lines/log_golden test "$(echo "$lines_out" | tail -n 9)" = "$lines_golden"
check lines/log_begins sh -c "echo \"\$1\" | sed -n 2,3p | grep -qx -e \"-- BEGIN PROG LOAD LOG (prog 'bad_lines') --\" -e '; vals\[0\] = skb->protocol; @ bad_lines.bpf.c:20'" _ "$lines_out"
check lines/level2 sh -c "$kbpf --host -d prog verify $progs/bad_lines.bpf.o 2>&1 | grep -c '^; return vals\[i\];' | grep -qx 2"
check lines/none_without_btf sh -c "$kbpf --host prog verify build/unit/progs/raw_tp_calls.bpf.o | grep -q accepted && ! $kbpf --host -d prog verify build/unit/progs/raw_tp_calls.bpf.o 2>&1 | grep -q '^;'"
# bpf_loop from a clang-built program (tests/progs/loop.bpf.c).
lp() { "$kbpf" --host prog run $progs/loop.bpf.o prog "$@" 2>&1; }
check loop/sum test "$(lp sum_loop | retval)" = 10045
check loop/stop test "$(lp stop_loop | retval)" = 7021
check loop/global_ctx_and_e2big test "$(lp global_loop | retval)" = 3000
check loop/disasm_func sh -c "$kbpf disasm $progs/loop.bpf.o | grep -q 'r2 = func +8 ll'"

# Tracepoint filters compiled offline against a saved format file.
fmt=tests/unit/formats/signal/signal_generate.format
check trace/dump sh -c "$kbpf trace signal:signal_generate 'sig == 9 && comm ~ \"ba*\"' --dump --format $fmt | grep -q '^; [0-9]* instructions'"
check trace/error_caret sh -c "$kbpf trace signal:signal_generate 'sig == 9 && bogus == 1' --dump --format $fmt 2>&1 | grep -qx '                    ^'"
check trace/error_status sh -c "! $kbpf trace signal:signal_generate 'sig ==' --dump --format $fmt 2>/dev/null"
check trace/match_all_dump sh -c "$kbpf trace signal:signal_generate --dump --format $fmt | grep -q '(every event)'"
check trace/common_pid_dump sh -c "$kbpf trace signal:signal_generate 'common_pid == 1' --dump --format $fmt | grep -q 'call 14'"
check trace/count_must_be_positive sh -c "$kbpf trace signal:signal_generate 'sig == 1' --count 0 2>&1 | grep -q -- '--count must be a positive number'"
check trace/option_needs_value sh -c "$kbpf trace signal:signal_generate 'sig == 1' --fields 2>&1 | grep -q -- '--fields needs a value'"
check trace/unknown_option sh -c "$kbpf trace signal:signal_generate 'sig == 1' --bogus 1 2>&1 | grep -q \"unknown option '--bogus'\""
check trace/format_needs_dump sh -c "$kbpf trace signal:signal_generate 'sig == 1' --format $fmt 2>&1 | grep -q 'it needs --dump'"
check trace/two_filters sh -c "$kbpf trace signal:signal_generate 'sig == 1' 'sig == 2' 2>&1 | grep -q 'quote the filter as one argument'"
check trace/needs_module sh -c "$kbpf --host trace signal:signal_generate 'sig == 1' 2>&1 | grep -q 'needs the module'"

# The man page renders cleanly and covers every command of the usage text.
check man/renders_clean sh -c "groff -man -Tutf8 -ww -z Documentation/kbpf.8 2>&1 | grep -q . && exit 1 || exit 0"
check man/covers_usage python3 - "$kbpf" Documentation/kbpf.8 <<'PY'
import re, subprocess, sys
usage = subprocess.run([sys.argv[1], "help"], capture_output=True, text=True).stderr
page = [re.sub(r"\\f[BIRP]|\\|\"", "", l) for l in open(sys.argv[2])]
missing = []
for line in usage.splitlines():
    m = re.match(r"\s+kbpf (\w+)(?: (\{[^}]*\}|\w+))?", line)
    if not m:
        continue
    for verb in re.findall(r"\w+", m.group(2) or "") or [""]:
        if not any("kbpf " + m.group(1) in l and re.search(r"\b%s\b" % verb, l) for l in page):
            missing.append("kbpf %s %s" % (m.group(1), verb))
print("\n".join("# man page lacks: " + x for x in missing))
sys.exit(1 if missing or not usage else 0)
PY

# Tracepoint record sizes offline: from a saved format file under
# $KBPF_TRACEFS, 2048 bytes without one.
tfs=$(mktemp -d)
mkdir -p "$tfs/events/sched/sched_switch"
cp tests/unit/formats/sched/sched_switch.format "$tfs/events/sched/sched_switch/format"
tp64=$(mktemp)
printf '\x61\x10\x40\0\0\0\0\0\x95\0\0\0\0\0\0\0' >"$tp64"	# r0 = *(u32 *)(r1 + 64)
tpv() { KBPF_TRACEFS=$tfs "$kbpf" --host prog verify "$tp64" type tracepoint "$@" 2>&1; }
check tp_record/past_end test "$(tpv target sched:sched_switch | grep '^0: .*: invalid')" = "0: r0 = *(u32 *)(r1 + 64): invalid context read: offset 64 size 4; the tracepoint 'sched:sched_switch' record is 64 bytes"
check tp_record/status sh -c "! KBPF_TRACEFS=$tfs $kbpf --host prog verify $tp64 type tracepoint target sched:sched_switch 2>/dev/null"
check tp_record/no_format sh -c "KBPF_TRACEFS=$tfs $kbpf --host prog verify $tp64 type tracepoint target sched:sched_wakeup | grep -q accepted"
check tp_record/no_target sh -c "KBPF_TRACEFS=$tfs $kbpf --host prog verify $tp64 type tracepoint | grep -q accepted"
check tp_record/bad_target sh -c "KBPF_TRACEFS=$tfs $kbpf --host prog verify $tp64 type tracepoint target sched_switch 2>&1 | grep -q \"attach target 'sched_switch': not a tracepoint name\""
check tp_record/target_needs_tracepoint sh -c "$kbpf --host prog verify $tp64 type kprobe target sched:sched_switch 2>&1 | grep -q \"'target CAT:NAME' is for tracepoint programs\""
# Options after the command, spelled as in the verifier's documentation.
check options/late_host_and_type sh -c "KBPF_TRACEFS=$tfs $kbpf prog verify $tp64 --host --type tracepoint target sched:sched_switch 2>&1 | grep -q 'invalid context read: offset 64 size 4'"
check options/late_stats sh -c "$kbpf prog verify $progs/lru.bpf.o --host --stats | grep -q 'insns processed'"
rm -rf "$tfs" "$tp64"

# --stats: PROG_LOAD's statistics, one line per program, accepted or not;
# with -d the log ends with the KBPF_LOG_STATS line.
check stats/line sh -c "$kbpf --host --stats prog verify $progs/lru.bpf.o | grep -Eqx \"prog 'churn_on_switch': 129 insns processed, 9 states kept, 7 pruned, peak 12 states, [0-9]+ bytes of state, [0-9]+ us\""
check stats/after_command sh -c "$kbpf --host prog verify --stats $progs/calls.bpf.o prog sum_calls | grep -Eqx \"prog 'sum_calls': 14 insns processed, 0 states kept, 0 pruned, peak 1 states, [0-9]+ bytes of state, [0-9]+ us\""
check stats/rejected sh -c "$kbpf --host --stats prog verify $progs/strings.bpf.o prog bad_format 2>/dev/null | grep -Eq \"^prog 'bad_format': 10 insns processed\" && ! $kbpf --host --stats prog verify $progs/strings.bpf.o prog bad_format >/dev/null 2>&1"
check stats/log_level sh -c "$kbpf --host -d --stats prog verify $progs/lru.bpf.o 2>&1 | grep -Eqx 'stats: 129 insns processed, 9 states kept, 7 pruned, peak 12 states, [0-9]+ bytes of state, [0-9]+ us'"
check stats/off_by_default sh -c "! $kbpf --host prog verify $progs/lru.bpf.o | grep -q 'insns processed'"

# Raw files with maps from the command line: lddw map-by-index (src 5)
# and map-value (src 6) into the 'map TYPE:KEY:VALUE:ENTRIES' list.
rawdir=$(mktemp -d)
python3 - "$rawdir" <<'PY'
import struct, sys
def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, dst | src << 4, off, imm)
d = sys.argv[1]
# key 0 on the stack, lookup in map 0, read the 8-byte value if found.
lookup = (insn(0x62, 10, 0, -4, 0) + insn(0xbf, 2, 10) + insn(0x07, 2, 0, 0, -4) +
          insn(0x18, 1, 5, 0, 0) + insn(0) + insn(0x85, imm=1) + insn(0x15, 0, 0, 2, 0) +
          insn(0x79, 0, 0, 0) + insn(0x95) + insn(0xb7) + insn(0x95))
open(d + '/lookup.bin', 'wb').write(lookup)
# r1 = &map 1's value, then a u64 at offset OFF of it.
for off in (56, 64):
    open('%s/value%d.bin' % (d, off), 'wb').write(insn(0x18, 1, 6, 0, 1) + insn(0) +
                                                  insn(0x79, 0, 1, off) + insn(0x95))
PY
rv() { "$kbpf" --host prog verify "$rawdir/$1" type kprobe "${@:2}" 2>&1; }
check raw_maps/lookup test "$(rv lookup.bin map hash:4:8:16)" = "prog 'lookup': accepted"
check raw_maps/value_within test "$(rv value56.bin map hash:4:8:16 map array:4:64:1)" = "prog 'value56': accepted"
check raw_maps/value_past_end sh -c "$kbpf --host prog verify $rawdir/value64.bin type kprobe map hash:4:8:16 map array:4:64:1 2>&1 >/dev/null | grep -qx '2: r0 = \*(u64 \*)(r1 + 64): map value access out of bounds: 8 bytes at offset 64 of a 64-byte map value'"
check raw_maps/reject_status sh -c "! $kbpf --host prog verify $rawdir/value64.bin type kprobe map hash:4:8:16 map array:4:64:1 >/dev/null 2>&1"
check raw_maps/small_value sh -c "$kbpf --host prog verify $rawdir/lookup.bin type kprobe map hash:4:4:16 2>&1 | grep -q '8 bytes at offset 0 of a 4-byte map value'"
check raw_maps/missing_map sh -c "$kbpf --host prog verify $rawdir/lookup.bin type kprobe 2>&1 | grep -q 'insn 3: fd_array index 0 out of 0'"
check raw_maps/bad_spec test "$(rv lookup.bin map hash:4:8)" = "Error: map wants TYPE:KEY:VALUE:ENTRIES[:FLAGS] (e.g. hash:4:8:16), not 'hash:4:8'"
check raw_maps/unknown_type test "$(rv lookup.bin map bogus:4:8:1)" = "Error: map bogus:4:8:1: unknown map type 'bogus'"
check raw_maps/create_fails test "$(rv lookup.bin map hash:4:0:1)" = "Error: cannot create map 0 (type 1, key 4, value 0, entries 1): Invalid argument"
check raw_maps/flags sh -c "$kbpf --host prog verify $rawdir/lookup.bin type kprobe map hash:4:8:16:0x1 | grep -q accepted"
check raw_maps/elf_refused sh -c "$kbpf --host prog verify $progs/calls.bpf.o map hash:4:8:16 2>&1 | grep -q \"'map SPEC' is for raw instruction files\""
rm -rf "$rawdir"

# -j and -p: valid JSON with bpftool's field names; errors as JSON too.
# json_check NAME EXPR CMD...: CMD's stdout parses, and EXPR holds for it (d).
json_check() {
	local name=$1 expr=$2
	shift 2
	if { "$@" 2>/dev/null || true; } | python3 -c 'import json, sys
d = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$expr"; then
		echo "ok - tool/$name"
	else
		echo "not ok - tool/$name"
		failed=1
	fi
}

# Golden output: what each command prints, human and JSON, and its exit
# status, against tests/unit/golden/NAME (times and durations masked).
# KBPF_GOLDEN_UPDATE=1 rewrites the files from this run instead (then
# review them with git diff).
golden_dir=tests/unit/golden
gtmp=$(mktemp -d)
mask() {
	sed -E -e 's/(duration( \(average\))?): [0-9]+ns/\1: Nns/' \
		-e 's/"(duration|verify_time_ns)":( ?)[0-9]+/"\1":\2N/g' \
		-e 's/, [0-9]+ us$/, N us/' \
		-e 's/section headers end at byte [0-9]+/section headers end at byte N/'
}
golden() {
	local name=$1 rc
	shift
	"$@" >"$gtmp/raw" 2>&1
	rc=$?
	{ mask <"$gtmp/raw"; echo "exit status $rc"; } >"$gtmp/$name"
	if [ -n "${KBPF_GOLDEN_UPDATE:-}" ]; then
		cp "$gtmp/$name" "$golden_dir/$name"
	fi
	if diff -u "$golden_dir/$name" "$gtmp/$name" >"$gtmp/diff" 2>&1; then
		echo "ok - tool/golden/$name"
	else
		echo "not ok - tool/golden/$name"
		sed 's/^/#   /' "$gtmp/diff"
		failed=1
	fi
}
printf '\177ELF\002\001\001' >"$gtmp/stub.o"
head -c 3000 $progs/calls.bpf.o >"$gtmp/cut.o"
echo hello >"$gtmp/text.o"
cd "$gtmp" && ln -s "$OLDPWD/$progs" progs && cd "$OLDPWD" || exit 1
k() { (cd "$gtmp" && "$OLDPWD/$kbpf" "$@"); }
golden verify_all k --host prog verify progs/calls.bpf.o
golden verify_all.json k -j --host prog verify progs/calls.bpf.o
golden verify_all.pretty k -p --host prog verify progs/calls.bpf.o
golden verify_stats.json k -j --host --stats prog verify progs/calls.bpf.o
golden verify_rejected_stats.json k -j --host --stats prog verify progs/strings.bpf.o prog bad_format
golden run k --host prog run progs/calls.bpf.o prog sum_calls
golden run.json k -j --host prog run progs/calls.bpf.o prog sum_calls repeat 3
golden run_prefixes k --host pr r progs/calls.bpf.o pro sum_calls rep 3
golden disasm_spellings k disasm progs/spellings.bpf.o
golden version.json k -j --host version
golden trace_dump k trace signal:signal_generate 'sig == 9 && comm ~ "ba*"' --dump --format "$PWD/$fmt"
golden err_missing_file k --host prog verify nosuch.o
golden err_missing_file.json k -j --host prog verify nosuch.o
golden err_elf_stub k --host prog verify stub.o
golden err_elf_truncated k --host prog run cut.o
golden err_elf_truncated.json k -j --host prog run cut.o
golden err_not_instructions k --host prog verify text.o
golden err_map_type k --host prog verify progs/bad_maptype.bpf.o
golden err_map_type.json k -j --host prog verify progs/bad_maptype.bpf.o
golden err_section k --host prog verify progs/bad_section.bpf.o
golden err_no_such_prog k --host prog run progs/calls.bpf.o prog nosuch
golden err_ambiguous_object k p
golden err_ambiguous_object.json k -j p
golden err_unknown_object k bogus
golden err_unknown_prog_command k --host prog bogus
golden err_host_maps k --host map show
golden err_host_links k --host link show
golden err_host_run k --host run progs/spellings.bpf.o
golden err_run_usage k run
golden err_disasm_missing k disasm nosuch.o
golden err_trace_usage k trace
# Without /dev/kbpf (never on this machine): the commands that need the
# module say so, exit 1, and -j keeps the error one JSON document.
if [ ! -e /dev/kbpf ]; then
	golden nomod_feature k feature
	golden nomod_feature.json k -j feature
	golden nomod_prog_show k prog show
	golden nomod_map_list k map list
	golden nomod_link_list.json k -j link list
	golden nomod_run k run progs/spellings.bpf.o
fi
rm -rf "$gtmp"

# make install into a DESTDIR: the tool, the UAPI header and the man page
# where the README says, each usable from there.
dest=$(mktemp -d)
check install/make sh -c "make -s install DESTDIR=$dest >/dev/null"
check install/tool_runs sh -c "$dest/usr/local/sbin/kbpf --host version | grep -q '^kbpf tool '"
check install/header_compiles sh -c "printf '#include <linux/kbpf.h>\nint main(void) { return KBPF_PROG_TYPE_KPROBE; }\n' | cc -x c -I$dest/usr/local/include -fsyntax-only -"
check install/man_page sh -c "test -f $dest/usr/local/share/man/man8/kbpf.8 && man -l $dest/usr/local/share/man/man8/kbpf.8 2>/dev/null | grep -q kbpf"
check install/nothing_else sh -c "test \"\$(cd $dest && find . -type f | sort | tr '\n' ' ')\" = './usr/local/include/linux/kbpf.h ./usr/local/sbin/kbpf ./usr/local/share/man/man8/kbpf.8 '"
rm -rf "$dest"

json_check json/run 'd["retval"] == 42 and d["repeat"] == 1' \
	"$kbpf" -j --host prog run $progs/calls.bpf.o prog sum_calls
json_check json/pretty_version 'd["tool"] != ""' "$kbpf" -p --host version
check json/pretty_is_indented test "$("$kbpf" -p --host version | wc -l)" -gt 1
json_check json/error_is_json '"No such file" in d["error"]' \
	"$kbpf" -j --host prog run /nonexistent
check json/error_exit_status sh -c "! $kbpf -j --host prog run /nonexistent"
exit $failed
