/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vmscope: per-process view of the virtual-memory system.
 *
 * Constants shared by the module and its userspace.
 */
#ifndef _UAPI_LINUX_VMSCOPE_H
#define _UAPI_LINUX_VMSCOPE_H

#define VMSCOPE_FAMILY_NAME	"vmscope"
#define VMSCOPE_FAMILY_VERSION	1
#define VMSCOPE_MCGRP_EVENTS	"events"

/*
 * Buckets of the fault service-time histogram (fault_lat_ns): bucket 0
 * counts 0 ns, bucket i (i > 0) counts times in [2^(i-1), 2^i) ns, and the
 * last bucket also counts everything longer.
 */
#define VMSCOPE_LAT_BUCKETS	32

#endif /* _UAPI_LINUX_VMSCOPE_H */
