# The smallest useful program, in LLVM's BPF assembly syntax.
	r0 = 42
	exit
