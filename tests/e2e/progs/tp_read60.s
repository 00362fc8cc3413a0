# Reads the last u32 of sched:sched_switch's 64-byte record (next_prio).
	r0 = *(u32 *)(r1 + 60)
	exit
