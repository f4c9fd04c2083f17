/* SPDX-License-Identifier: MIT */
/*
 * `smmuits net-demo`: the harness NIC on a libslirp network, driven by the
 * NIC driver through the SMMU and the ITS (docs/netdev.md).
 *   smmuits net-demo [--ping N] [--record FILE] [--explain] [--sid N] [--cpu N]
 *                    [--unmap-rx | --no-doorbell | --bypass]
 * Exit status: 0 when the run did what its mode documents, 1 when a check
 * failed, 2 for a bad command line or a set-up that could not run.
 */
#ifndef SMMUITS_NET_DEMO_H
#define SMMUITS_NET_DEMO_H

int net_demo_main(int argc, char **argv);

#endif
