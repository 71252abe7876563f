/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel integer and boolean types.  The C library's own <linux/types.h>
 * (the uapi __u8 ... __u64) comes first: its headers include it, and on
 * arm64 <signal.h> reaches it through <asm/sigcontext.h>.
 */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef u64 phys_addr_t;

#endif /* _SHIM_LINUX_TYPES_H */
