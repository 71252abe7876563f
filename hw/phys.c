// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

#include "phys.h"

/* Relaxed atomics: the stress mode stores from several threads at once. */
#define ld(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define st(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define inc(x)		__atomic_add_fetch(&(x), 1, __ATOMIC_RELAXED)

struct frame {
	uint64_t data;
	uint64_t fill;
	uint64_t version;
	uint64_t generation;
	bool in_use;
};

static struct frame *frames;
static uint64_t nr_frames;
static uint64_t epoch;

int hw_phys_init(uint64_t n)
{
	uint64_t i;

	hw_phys_exit();
	frames = calloc(n, sizeof(*frames));
	if (!frames)
		return -1;
	for (i = 0; i < n; i++)
		frames[i].in_use = true;
	nr_frames = n;
	return 0;
}

void hw_phys_exit(void)
{
	free(frames);
	frames = NULL;
	nr_frames = 0;
	epoch = 0;
}

uint64_t hw_phys_frames(void)
{
	return nr_frames;
}

bool hw_frame_exists(uint64_t pfn)
{
	return pfn < nr_frames;
}

uint64_t hw_frame_data(uint64_t pfn)
{
	return hw_frame_exists(pfn) ? ld(frames[pfn].data) : 0;
}

uint64_t hw_frame_version(uint64_t pfn)
{
	return hw_frame_exists(pfn) ? ld(frames[pfn].version) : 0;
}

void hw_frame_set_data(uint64_t pfn, uint64_t data)
{
	if (hw_frame_exists(pfn))
		st(frames[pfn].data, data);
}

uint64_t hw_frame_fill(uint64_t pfn)
{
	return hw_frame_exists(pfn) ? ld(frames[pfn].fill) : 0;
}

void hw_frame_set_fill(uint64_t pfn, uint64_t fill)
{
	if (hw_frame_exists(pfn))
		st(frames[pfn].fill, fill);
}

void hw_frame_store(uint64_t pfn, uint64_t data)
{
	if (!hw_frame_exists(pfn))
		return;
	st(frames[pfn].data, data);
	inc(frames[pfn].version);
}

void hw_frame_alloc(uint64_t pfn)
{
	if (!hw_frame_exists(pfn))
		return;
	st(frames[pfn].generation, inc(epoch));
	st(frames[pfn].in_use, true);
}

void hw_frame_free(uint64_t pfn)
{
	if (!hw_frame_exists(pfn))
		return;
	st(frames[pfn].in_use, false);
	inc(epoch);
}

bool hw_frame_in_use(uint64_t pfn)
{
	return hw_frame_exists(pfn) && ld(frames[pfn].in_use);
}

uint64_t hw_frame_generation(uint64_t pfn)
{
	return hw_frame_exists(pfn) ? ld(frames[pfn].generation) : 0;
}

uint64_t hw_phys_epoch(void)
{
	return ld(epoch);
}
