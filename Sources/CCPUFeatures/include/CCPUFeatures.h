#ifndef CCPUFEATURES_H
#define CCPUFEATURES_H

#include <stdbool.h>

/// Whether the processor and the operating system run x86-64-v4 code: AVX-512 F, CD, BW,
/// DQ and VL, with the AVX-512 register state saved across context switches. False on
/// processors that are not x86-64.
bool CCPUFeatures_runsX86_64_v4(void);

#endif
