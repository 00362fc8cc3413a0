/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place where the kernel and the host build of kbpf's core differ.
 *
 * vm/, verifier/, jit/ and maps/ include only this header for services they
 * need from their environment: fixed-width types, allocation, atomics,
 * logging and compiler hints. Each implementation is a short list of
 * definitions; no core file tests __KERNEL__ itself.
 */
#ifndef _KBPF_PLATFORM_H
#define _KBPF_PLATFORM_H

#ifdef __KERNEL__
#include "platform-kernel.h"
#else
#include "platform-host.h"
#endif

#endif /* _KBPF_PLATFORM_H */
