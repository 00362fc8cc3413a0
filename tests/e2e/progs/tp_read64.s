# Reads the u32 at offset 64: past the 64-byte record of sched:sched_switch.
	r0 = *(u32 *)(r1 + 64)
	exit
