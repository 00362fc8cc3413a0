# A loop: the module's gate rejects back-edges until the full verifier.
	r0 = 0
	r0 += 1
	if r0 < 10 goto -2
	exit
