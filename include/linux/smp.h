/* SPDX-License-Identifier: GPL-2.0-only */
/* The simulated CPU the calling thread runs on (set by its runner). */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/compiler.h>
#include "hw/tlb.h"

#define NR_CPUS			HW_MAX_CPUS
#define smp_processor_id()	(hw_this_cpu)

#endif /* _LINUX_SMP_H */
