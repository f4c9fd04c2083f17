/* SPDX-License-Identifier: MIT */
/*
 * The harness NIC's programming interface: register offsets, fields, and
 * the ring descriptor.  It is our own small design (docs/netdev.md), in the
 * style of the classic head/tail descriptor-ring NICs (Intel 8254x "e1000":
 * TDBAL/TDLEN/TDH/TDT, with the hardware owning HEAD and software TAIL),
 * cut down to what a demo needs.  The NIC model, its driver and the tests
 * all use these names.
 */
#ifndef SMMUITS_NETDEV_REGS_H
#define SMMUITS_NETDEV_REGS_H

#include "model/bitfield.h"

/* Where the demo places the NIC: the first virtio-mmio slot of QEMU's virt (VIRT_MMIO). */
#define NETDEV_DEFAULT_BASE  0x0a000000u
#define NETDEV_WINDOW_SIZE   0x200u      /* one virtio-mmio slot */
#define NETDEV_DEFAULT_SID   0x10u

/* ---- registers: 32 bits wide, little-endian, 4-byte aligned ---- */
#define NETDEV_ID            0x000u      /* RO */
#define   NETDEV_ID_VALUE       0x43494e53u  /* "SNIC" in memory order */
#define NETDEV_VERSION       0x004u      /* RO */
#define   NETDEV_VERSION_VALUE  1u
#define NETDEV_MAC_LO        0x008u      /* RO: MAC bytes 0..3, byte 0 in [7:0] */
#define NETDEV_MAC_HI        0x00cu      /* RO: MAC bytes 4..5 in [15:0] */
#define NETDEV_CTRL          0x010u
#define NETDEV_CTRL_RX_EN       BIT64(0)
#define NETDEV_CTRL_TX_EN       BIT64(1)
#define NETDEV_CTRL_RESET       BIT64(31)  /* write 1: back to reset state; reads 0 */
#define NETDEV_STATUS        0x014u      /* RO */
#define NETDEV_STATUS_LINK      BIT64(0)
#define NETDEV_STATUS_TX_STOP   BIT64(1)   /* TX ring stopped: a descriptor access failed */
#define NETDEV_STATUS_RX_STOP   BIT64(2)   /* RX ring stopped: a descriptor access failed */
#define NETDEV_IRQ_EN        0x018u
#define NETDEV_IRQ_RX           BIT64(0)   /* an MSI for each RX completion */
#define NETDEV_IRQ_TX           BIT64(1)   /* an MSI for each TX completion */
#define NETDEV_MSI_ADDR_LO   0x020u      /* where MSIs are written: an IOVA */
#define NETDEV_MSI_ADDR_HI   0x024u
#define NETDEV_MSI_DATA_RX   0x028u      /* the 32-bit value of an RX MSI (the EventID) */
#define NETDEV_MSI_DATA_TX   0x02cu

/* Two rings with the same layout: TX at 0x040, RX at 0x060. */
#define NETDEV_TX            0x040u
#define NETDEV_RX            0x060u
#define NETDEV_RING_BASE_LO  0x00u       /* ring IOVA, 16-byte aligned */
#define NETDEV_RING_BASE_HI  0x04u
#define NETDEV_RING_LEN      0x08u       /* descriptors: a power of two, 2..256 */
#define NETDEV_RING_HEAD     0x0cu       /* RO: the next descriptor the NIC uses */
#define NETDEV_RING_TAIL     0x10u       /* software: one past the last descriptor it gave */
#define NETDEV_RING_MAX      256u

#define NETDEV_FAULT_ADDR_LO 0x080u      /* RO: IOVA of the last DMA that was refused */
#define NETDEV_FAULT_ADDR_HI 0x084u
/* RO counters, wrapping at 2^32 */
#define NETDEV_STAT_RX_PKTS  0x090u
#define NETDEV_STAT_TX_PKTS  0x094u
#define NETDEV_STAT_RX_DROPS 0x098u      /* no buffer, too long, or the buffer write failed */
#define NETDEV_STAT_DMA_ERRS 0x09cu      /* descriptor or buffer DMAs refused */
#define NETDEV_STAT_MSI_ERRS 0x0a0u      /* MSI writes refused */

/* ---- ring descriptor: 16 bytes, two little-endian dwords ---- */
#define NETDEV_DESC_SIZE     16u
#define NETDEV_DESC_0_ADDR   GENMASK64(63, 0)   /* buffer IOVA */
#define NETDEV_DESC_1_LEN    GENMASK64(15, 0)   /* TX: frame bytes; RX: buffer size, then frame bytes */
#define NETDEV_DESC_1_DONE   BIT64(32)          /* written by the NIC when it is finished with it */
#define NETDEV_DESC_1_ERR    BIT64(33)          /* with DONE: the buffer DMA failed (not sent / dropped) */

#define NETDEV_MAX_FRAME     1514u       /* Ethernet without FCS */
#define NETDEV_MAX_BURST     1024u       /* bytes per buffer DMA transaction */

#endif
