#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The kbpf tool's command line in the guest (busybox sh), run by guest.sh
# with the module loaded: golden output of the commands that need the
# module, human and JSON (/e2e/golden, ids and counters masked), every
# command's error paths and exit status, prefix matching, links by id,
# raw tracepoints attached with the kernel's BTF, and kbpf run stopped
# by Ctrl-C. Leaves no pin behind. TAP lines; exit status 1 if any failed.
#
# KBPF_GOLDEN_UPDATE=1 also prints every output as "GOLDEN NAME|line",
# which tests/e2e/golden-update.sh turns back into the golden files.

failed=0
ok() { echo "ok - e2e/$1"; }
notok() { echo "not ok - e2e/$1"; failed=1; }
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
G=/e2e/golden
T=/tmp/cli
mkdir -p $T

# Ids, counters and times differ from run to run and between guests.
# The engine the module's jit parameter picks shows as ENGINE: the same
# golden file serves the JIT-on and the jit=0 boots, and the other word
# still fails it.
# A bool parameter: it reads back as Y or N.
case "$(cat /sys/module/kbpf/parameters/jit)" in
0 | N | n) engine=interpreted ;;
*) engine=jited ;;
esac
mask() {
	sed -E -e 's/^[0-9]+: /ID: /' \
		-e "s/B  $engine  stack /B  ENGINE  stack /" \
		-e 's/"(id|prog_id)":( ?)[0-9]+/"\1":\2ID/g' \
		-e 's/ prog [0-9]+/ prog ID/; s/(map|prog|link) id [0-9]+/\1 id ID/' \
		-e 's/hits [0-9]+  misses [0-9]+/hits N  misses N/' \
		-e 's/"(hit_cnt|miss_cnt)":( ?)[0-9]+/"\1":\2N/g'
}
golden() {
	gname=$1
	shift
	"$@" >$T/raw 2>&1
	grc=$?
	{ mask <$T/raw; echo "exit status $grc"; } >$T/out
	[ -n "$KBPF_GOLDEN_UPDATE" ] && sed "s/^/GOLDEN $gname|/" $T/out
	if diff $G/$gname $T/out >$T/diff 2>&1; then
		ok "golden_$gname"
	else
		notok "golden_$gname"
		sed 's/^/#   /' $T/diff
	fi
}
# fails NAME TEXT CMD...: CMD exits with status 1 and says TEXT.
fails() {
	fname=$1 ftext=$2
	shift 2
	"$@" >$T/fout 2>&1
	frc=$?
	if [ $frc = 1 ] && grep -qF -- "$ftext" $T/fout; then
		ok "$fname"
	else
		notok "$fname (exit $frc)"
		sed 's/^/#   /' $T/fout | head -n 5
	fi
}

P=/e2e/progs
printf '\177ELF\002\001\001' >$T/stub.o
head -c 3000 $P/calls.bpf.o >$T/cut.o

# Maps: an array (its dump order is its index order) and a hash.
kbpf map create cli/a type array key 4 value 8 entries 3 name cli_arr
kbpf map update pinned cli/a key 1 0 0 0 value 7 0 0 0 0 0 0 0
kbpf map update pinned cli/a key 2 0 0 0 value hex ff 00 00 00 00 00 00 01
# Prefixes: m(ap) c(reate) t(ype) k(ey) v(alue) e(ntries) n(ame) f(lags),
# up(date) with noe(xist).
check prefix_map_create kbpf m c cli/h t hash k 4 v 4 e 4 n cli_hash f 0
check prefix_map_update kbpf m up pinned cli/h k 1 0 0 0 v 2 0 0 0 noe
check prefix_map_update_flag_applies sh -c '! kbpf map update pinned cli/h key 1 0 0 0 value 3 0 0 0 noe 2>/dev/null'
check prefix_map_update_exist kbpf map update pinned cli/h key 1 0 0 0 value 5 0 0 0 ex
golden map_show kbpf map show pinned cli/a
golden map_show.json kbpf -j map show pinned cli/a
golden map_show.pretty kbpf -p map show pinned cli/h
golden map_dump kbpf map dump pinned cli/a
golden map_dump.json kbpf -j map dump pinned cli/a
golden map_lookup kbpf map lookup pinned cli/h key 1 0 0 0
golden map_lookup.json kbpf -j map lookup pinned cli/h key 1 0 0 0
golden map_getnext kbpf map getnext pinned cli/a key 0 0 0 0
golden map_getnext.json kbpf -j map getnext pinned cli/a key 0 0 0 0
golden map_getnext_first.json kbpf -j map getnext pinned cli/a
check json_map_list_is_array sh -c 'kbpf -j map list | grep -q "^\[{\"id\":.*\"name\":\"cli_arr\""'
check prefix_map_show_equal sh -c 'test "$(kbpf ma sh pin cli/a)" = "$(kbpf map show pinned cli/a)"'
fails prefix_map_ambiguous "ambiguous map command 'd'" kbpf map d pinned cli/a
fails prefix_object_ambiguous "ambiguous object 'p'" kbpf p show
fails prefix_create_keyword_unknown "unknown create argument 'x'" kbpf map create cli/x x 1
fails prefix_update_flag_unknown "expected any, noexist or exist, not 'bogus'" \
	kbpf map update pinned cli/h key 1 0 0 0 value 1 0 0 0 bogus
# A frozen map shows it, in JSON as bpftool's 1.
kbpf map create cli/f type array key 4 value 4 entries 1 name cli_frozen
kbpf map freeze pinned cli/f
golden map_show_frozen.json kbpf -j map show pinned cli/f

# Map error paths: nothing there, the wrong kind, bad sizes and types.
kbpf prog load $P/ret42.bin cli/p
fails map_show_no_name "no map named 'nosuch'" kbpf map show name nosuch
fails map_dump_no_pin "pinned 'nosuch': No such file or directory" kbpf map dump pinned nosuch
fails map_dump_no_id "map id 999999: No such file or directory" kbpf map dump id 999999
fails map_lookup_bad_id "'x' is not a map id" kbpf map lookup id x key 0 0 0 0
fails map_lookup_no_key "map id 999999" kbpf map lookup id 999999 key 0 0 0 0
fails map_getnext_no_name "no map named 'nosuch'" kbpf map getnext name nosuch
fails map_delete_no_name "no map named 'nosuch'" kbpf map delete name nosuch key 0 0 0 0
fails map_delete_missing_key "delete: No such file or directory" kbpf map delete pinned cli/h key 9 0 0 0
fails map_pin_no_map "pinned 'nosuch'" kbpf map pin pinned nosuch cli/x
fails map_pin_taken "cannot pin as 'cli/p': File exists" kbpf map pin pinned cli/a cli/p
fails map_pin_usage "expected 'pin MAP PIN'" kbpf map pin pinned cli/a
fails map_freeze_no_map "no map named 'nosuch'" kbpf map freeze name nosuch
fails map_freeze_extra "expected 'freeze MAP', not 'now' after it" kbpf map freeze pinned cli/a now
fails map_freeze_twice "freeze: Device or resource busy" kbpf map freeze pinned cli/f
fails map_wrong_kind "pinned 'cli/p' is a program, not a map" kbpf map dump pinned cli/p
fails map_update_value_size "value needs 8 bytes, got 4" kbpf map update pinned cli/a key 0 0 0 0 value 1 2 3 4
fails map_update_byte_range "value byte '256' is not 0..255" kbpf map update pinned cli/h key 0 0 0 0 value 256 0 0 0
fails map_update_out_of_range "update: " kbpf map update pinned cli/a key 3 0 0 0 value 0 0 0 0 0 0 0 0
fails map_create_unknown_type "unknown map type 'bloom'" kbpf map create cli/x type bloom key 4 value 4 entries 1
fails map_create_needs_value "'entries' needs a value" kbpf map create cli/x type hash key 4 value 4 entries
fails map_create_bad_size "cannot create map: Invalid argument" kbpf map create cli/x type hash key 0 value 4 entries 1
fails map_dump_extra "unexpected 'junk'" kbpf map dump pinned cli/a junk
fails map_show_json_error '{"error":"no map named' kbpf -j map show name nosuch
fails map_unknown_command "unknown map command 'bogus'" kbpf map bogus

# Programs: golden show and dump, errors of every prog command.
golden prog_show kbpf prog show pinned cli/p
golden prog_dump_xlated kbpf prog dump xlated pinned cli/p
golden prog_dump_xlated.json kbpf -j prog dump xlated pinned cli/p
kbpf prog load $P/calls.bpf.o cli/sum prog sum_calls
golden prog_dump_xlated_source.json kbpf -j prog dump xlated pinned cli/sum
if kbpf prog show pinned cli/p | grep -q jited; then
	check json_prog_dump_jited sh -c 'kbpf -j prog dump jited pinned cli/p | grep -q "^{\"prologue\":\[{\"pc\":\"0x0\",\"operation\":.*\"insns\":\[{\"pc\":0,\"disasm\":\"r0 = 42\",\"native\":\[{\"pc\":\"0x"'
fi
check json_prog_show_masked sh -c 'kbpf -j prog show pinned cli/p | grep -q "\"type\":\"socket\",\"name\":\"ret42\",\"tag\":\"[0-9a-f]*\",\"gpl_compatible\":true"'
fails prog_show_no_name "no program named 'nosuch'" kbpf prog show name nosuch
fails prog_show_bad_id "'0' is not a program id" kbpf prog show id 0
fails prog_show_wrong_kind "pinned 'cli/a' is a map, not a program" kbpf prog show pinned cli/a
fails prog_show_ref_keyword "expected 'id', 'pinned' or 'name', not 'tag'" kbpf prog show tag 1234
fails prog_dump_no_prog "program id 999999" kbpf prog dump xlated id 999999
fails prog_dump_kind "expected 'dump { xlated | jited } PROG'" kbpf prog dump source pinned cli/p
fails prog_pin_no_prog "no program named 'nosuch'" kbpf prog pin name nosuch cli/x
fails prog_pin_taken "cannot pin as 'cli/a': File exists" kbpf prog pin pinned cli/p cli/a
fails prog_pin_usage "expected 'pin PROG NAME'" kbpf prog pin pinned cli/p
fails prog_load_missing "No such file or directory" kbpf prog load /nonexistent.o cli/x
fails prog_load_stub "not an ELF object" kbpf prog load $T/stub.o cli/x
fails prog_load_truncated "truncated: its section headers end at byte" kbpf prog load $T/cut.o cli/x prog sum_calls
fails prog_load_taken "cannot pin as 'cli/p': File exists" kbpf prog load $P/ret42.bin cli/p
fails prog_load_usage "expected 'prog load FILE NAME" kbpf prog load $P/ret42.bin
fails prog_loadall_missing "No such file or directory" kbpf prog loadall /nonexistent.o cli/all
fails prog_loadall_stub "not an ELF object" kbpf prog loadall $T/stub.o cli/all
fails prog_loadall_truncated "truncated" kbpf prog loadall $T/cut.o cli/all
fails prog_loadall_map_type "map 'events' is a BPF_MAP_TYPE_PERF_EVENT_ARRAY" kbpf prog loadall $P/bad_maptype.bpf.o cli/all
fails prog_loadall_section "SEC(\"xdp\")" kbpf prog loadall $P/bad_section.bpf.o cli/all
fails prog_loadall_usage "expected 'prog loadall OBJ PREFIX'" kbpf prog loadall $P/calls.bpf.o
check prog_loadall_left_nothing sh -c '! kbpf pin list | grep -q "^cli/all"'
fails prog_run_missing "No such file or directory" kbpf prog run /nonexistent.o
fails prog_run_map_type "BPF_MAP_TYPE_PERF_EVENT_ARRAY" kbpf prog run $P/bad_maptype.bpf.o
fails prog_tracelog_usage "expected 'prog tracelog'" kbpf prog tracelog now
fails prog_detach_not_attached "is not attached" kbpf prog detach pinned cli/p
fails prog_unknown_command "unknown prog command 'bogus'" kbpf prog bogus
fails pin_delete_missing "cannot delete pin 'nosuch'" kbpf pin delete nosuch
fails pin_usage "expected 'pin list' or 'pin delete NAME'" kbpf pin bogus

# Links: golden show, by id, raw tracepoints with the count from BTF.
kbpf prog load $P/ret42.bin cli/kp type kprobe
kbpf link create pinned cli/kp kprobe do_sys_openat2 pin cli/l
lid=$(kbpf link show pinned cli/l | sed -n 's/^\([0-9]*\):.*/\1/p')
golden link_show kbpf link show pinned cli/l
golden link_show.json kbpf -j link show pinned cli/l
check link_by_id_show sh -c "test \"\$(kbpf link show id $lid | head -n 1)\" = \"\$(kbpf link show pinned cli/l | head -n 1)\""
check link_by_id_json sh -c "kbpf -j link show id $lid | grep -q '^{\"id\":$lid,\"type\":\"kprobe\"'"
check json_link_list_is_array sh -c "kbpf -j link list | grep -q '^\[.*{\"id\":$lid,'"
check link_by_id_pin kbpf link pin id "$lid" cli/l2
check link_by_id_pinned_same sh -c "kbpf link show pinned cli/l2 | grep -q '^$lid: kprobe'"
check link_by_id_update kbpf li up id "$lid" pinned cli/kp
check link_by_id_detach kbpf link detach id "$lid"
check link_by_id_detached sh -c "kbpf link show id $lid | grep -q detached"
fails link_by_id_detach_twice "cannot detach" kbpf link detach id "$lid"
fails link_show_no_pin "pinned 'nosuch'" kbpf link show pinned nosuch
fails link_show_no_id "link id 999999" kbpf link show id 999999
fails link_by_name_refused "expected 'id', 'pinned', not 'name'" kbpf link show name x
fails link_show_wrong_kind "pinned 'cli/a' is a map, not a link" kbpf link show pinned cli/a
fails link_pin_no_link "link id 999999" kbpf link pin id 999999 cli/x
fails link_pin_taken "cannot pin as 'cli/a': File exists" kbpf link pin pinned cli/l2 cli/a
fails link_pin_usage "expected 'pin LINK NAME'" kbpf link pin pinned cli/l2
fails link_detach_wrong_kind "pinned 'cli/p' is a program, not a link" kbpf link detach pinned cli/p
fails link_unknown_hook "unknown hook 'uprobe'" kbpf link create pinned cli/kp uprobe /bin/sh pin cli/x
fails link_needs_pin "expected 'pin NAME' after the hook" kbpf link create pinned cli/kp kprobe do_sys_openat2
fails link_unknown_command "unknown link command 'x'" kbpf link x
kbpf prog load $P/raw_arg3.bin cli/raw3 type raw_tracepoint
if [ -r /sys/kernel/btf/vmlinux ]; then
	check link_raw_args_from_btf kbpf link create pinned cli/raw3 raw_tracepoint sched_switch pin cli/rl
	golden link_show_raw_btf kbpf link show pinned cli/rl
	golden link_show_raw_btf.json kbpf -j link show pinned cli/rl
	# sched_process_exec passes 3 arguments: args[3] is past them.
	fails link_raw_btf_past_args "reads past the end" kbpf link create pinned cli/raw3 raw_tracepoint sched_process_exec pin cli/x
	fails link_raw_not_in_btf "the kernel's BTF has no tracepoint 'no_such_tp'" kbpf link create pinned cli/raw3 raw_tracepoint no_such_tp pin cli/x
else
	# The debug kernel has no BTF (CONFIG_DEBUG_INFO_BTF needs DWARF and
	# pahole): the tool says so and names the way out, which then works.
	fails link_raw_without_kernel_btf "the kernel's BTF (/sys/kernel/btf/vmlinux) cannot be read" \
		kbpf link create pinned cli/raw3 raw_tracepoint sched_switch pin cli/x
	fails link_raw_without_kernel_btf_names_args "raw_tracepoint sched_switch args N" \
		kbpf link create pinned cli/raw3 raw_tracepoint sched_switch pin cli/x
	check link_raw_args_given kbpf link create pinned cli/raw3 raw_tracepoint sched_switch args 4 pin cli/rl
fi
fails link_raw_no_btf "the kernel's BTF (/nonexistent) cannot be read" \
	env KBPF_VMLINUX_BTF=/nonexistent kbpf link create pinned cli/raw3 raw_tracepoint sched_switch pin cli/x
check link_raw_explicit_args kbpf link create pinned cli/raw3 raw_tracepoint sched_switch args 4 pin cli/rl2

# kbpf run: tp/ and raw_tracepoint/ programs attached by SEC(), the raw
# one with the argument count from BTF; Ctrl-C (SIGINT) ends the stream,
# the maps are printed, the exit status is 0 and nothing stays attached.
kbpf run $P/spellings.bpf.o >$T/run.out 2>&1 &
rpid=$!
i=0
while [ $i -lt 60 ] && ! grep -q "programs attached" $T/run.out; do sleep 1; i=$((i + 1)); done
for i in 1 2 3; do /bin/true; done
check run_ctrl_c_still_running kill -0 $rpid
kill -INT $rpid
wait $rpid
rrc=$?
check run_ctrl_c_exit_status test $rrc = 0
check run_tp_spelling grep -q '^exec_tp: attached to tp/sched/sched_process_exec$' $T/run.out
if [ -r /sys/kernel/btf/vmlinux ]; then
	check run_raw_tracepoint_btf grep -q "^exec_raw: attached to raw_tracepoint/sched_process_exec (3 arguments, from the kernel's BTF)$" $T/run.out
	check run_all_attached grep -q '^2 of 2 programs attached; Ctrl-C to stop$' $T/run.out
else
	check run_raw_without_btf_says_why grep -q "^exec_raw: not attached: the kernel's BTF (/sys/kernel/btf/vmlinux) cannot be read" $T/run.out
	check run_attached_but_raw grep -q '^1 of 2 programs attached; Ctrl-C to stop$' $T/run.out
fi
check run_ctrl_c_prints_maps sh -c "grep -A4 '^map spell_hits:' $T/run.out | grep -q 'Found 2 elements'"
# Both programs saw the three exec()s (and any other the guest made).
check run_tp_counted sh -c "grep -A4 '^map spell_hits:' $T/run.out | grep 'key: 00 00 00 00' | grep -qv 'value: 0[0-2] 00 00 00 00 00 00 00'"
[ -r /sys/kernel/btf/vmlinux ] &&
	check run_raw_counted sh -c "grep -A4 '^map spell_hits:' $T/run.out | grep 'key: 01 00 00 00' | grep -qv 'value: 0[0-2] 00 00 00 00 00 00 00'"
check run_ctrl_c_detaches sh -c '! kbpf link list | grep -q sched_process_exec'
check run_ctrl_c_no_prog_left sh -c '! kbpf prog list | grep -q "name exec_"'
fails run_missing "No such file or directory" kbpf run /nonexistent.o
fails run_stub "not an ELF object" kbpf run $T/stub.o
fails run_truncated "truncated" kbpf run $T/cut.o
fails run_map_type "map 'events' is a BPF_MAP_TYPE_PERF_EVENT_ARRAY" kbpf run $P/bad_maptype.bpf.o
fails run_bad_duration "duration must be a positive number of seconds" kbpf run $P/spellings.bpf.o duration 0
fails run_unknown_arg "expected 'run OBJ.o" kbpf run $P/spellings.bpf.o forever 1
fails run_nothing_attachable "no program of /e2e/examples/udpdrop.bpf.o could be attached" kbpf run /e2e/examples/udpdrop.bpf.o duration 1
check run_socket_not_attached_says_why grep -q "udpdrop: not attached: socket programs attach to a socket" $T/fout

golden pin_list sh -c 'kbpf pin list | grep "^cli/"'
for p in $(kbpf pin list | sed -n 's/^\(cli\/[^ ]*\) .*/\1/p'); do kbpf pin delete "$p"; done
check cli_left_no_pins sh -c '! kbpf pin list | grep -q "^cli/"'
rm -rf $T
exit $failed
