# Reads raw tracepoint argument 3 (args[3], bytes 24-31).
	r0 = *(u64 *)(r1 + 24)
	exit
