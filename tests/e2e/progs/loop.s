# A bounded loop: the verifier explores it iteration by iteration.
	r0 = 0
	r0 += 1
	if r0 < 10 goto -2
	exit
