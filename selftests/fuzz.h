/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzers' random numbers: xorshift64*, small, fast and the same
 * everywhere, so that a seed replays a run.
 */
#ifndef SIXBED4_FUZZ_H
#define SIXBED4_FUZZ_H

#include <stdint.h>

static uint64_t rng_state;

static inline void rng_seed(uint64_t seed)
{
	rng_state = seed | 1;
}

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static inline unsigned int below(unsigned int n)
{
	return rnd() % n;
}

#endif
