/* SPDX-License-Identifier: MIT */
/*
 * Recording a NIC run as a trace v1 file (docs/netdev.md "Recording"): the
 * driver's lines as it ran them, its memory writes and checked reads, every
 * NIC transaction as a `dma`/`msi` line with its data (hex=) and outcome,
 * the CPU's acknowledges and the SMMU events it read.  The NIC's own
 * registers are not in the platform, so accesses to them are comments.  The
 * file replays with `smmuits replay`, without the NIC or libslirp.
 */
#ifndef SMMUITS_NETREC_H
#define SMMUITS_NETREC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smmuits.h"

struct netrec {
	FILE *f;     /* NULL: record nothing */
	int error;   /* a write failed */
};

void netrec_printf(struct netrec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* write-bytes lines of at most NETREC_CHUNK bytes each. */
#define NETREC_CHUNK 1024u
void netrec_bytes(struct netrec *r, uint64_t pa, const uint8_t *buf, size_t len);
/* A device transaction and the outcome it had, as a dma or msi line. */
void netrec_txn(struct netrec *r, const struct smmuits_txn *t, const struct smmuits_txn_result *res);

#endif
