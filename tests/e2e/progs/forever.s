# A loop that never ends: r0 does not change, so the verifier finds the
# loop head again in the same state and refuses the program.
	r0 = 0
	r0 += 0
	if r0 < 10 goto -2
	exit
