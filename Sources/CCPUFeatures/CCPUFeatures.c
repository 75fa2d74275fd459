#include "CCPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

bool CCPUFeatures_runsX86_64_v4(void) {
    unsigned int eax, ebx, ecx, edx;
    // leaf 1, ECX bit 27 (OSXSAVE): the operating system has enabled XGETBV
    if (!__get_cpuid_count(1, 0, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27))) return false;
    // XCR0 bits 1, 2, 5, 6, 7: it saves the SSE, AVX and AVX-512 (opmask, upper ZMM) state
    unsigned int xcr0, xcr0High;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(xcr0High) : "c"(0));
    if ((xcr0 & 0xE6) != 0xE6) return false;
    // leaf 7, EBX bits 16 (F), 17 (DQ), 28 (CD), 30 (BW), 31 (VL)
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const unsigned int required = 1u << 16 | 1u << 17 | 1u << 28 | 1u << 30 | 1u << 31;
    return (ebx & required) == required;
}
#else
bool CCPUFeatures_runsX86_64_v4(void) { return false; }
#endif
