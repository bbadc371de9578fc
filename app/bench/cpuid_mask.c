/* Loaded by LD_PRELOAD: the process sees an x86-64 processor without AVX-512,
 * AVX-VNNI or AMX, as on an AVX2-only laptop (app/bench/avx2_only.py).
 *
 * Linux's CPUID faulting (arch_prctl ARCH_SET_CPUID, `cpuid_fault` in
 * /proc/cpuinfo) turns every CPUID instruction of the process into a SIGSEGV; the
 * handler runs the real instruction, clears the feature bits and steps over it.
 * Libraries that choose their kernels by CPUID (ONNX Runtime's MLAS, numpy,
 * ggml) then choose their AVX2 ones. The setting survives fork and clone and is
 * reset by execve, where LD_PRELOAD installs it again.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define BIT(n) (1u << (n))

static long set_cpuid(int on) { return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on); }

static void mask(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
    if (leaf == 7 && sub == 0) {
        /* EBX: AVX512 F DQ IFMA PF ER CD BW VL; ECX: VBMI VBMI2 VNNI BITALG VPOPCNTDQ;
         * EDX: 4VNNIW 4FMAPS VP2INTERSECT AMX-BF16 AVX512-FP16 AMX-TILE AMX-INT8 */
        r[1] &= ~(BIT(16) | BIT(17) | BIT(21) | BIT(26) | BIT(27) | BIT(28) | BIT(30) | BIT(31));
        r[2] &= ~(BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14));
        r[3] &= ~(BIT(2) | BIT(3) | BIT(8) | BIT(22) | BIT(23) | BIT(24) | BIT(25));
    } else if (leaf == 7 && sub == 1) {
        /* EAX: AVX-VNNI AVX512-BF16 AVX-IFMA; EDX: AVX-VNNI-INT8 AVX-NE-CONVERT
         * AVX-VNNI-INT16 AVX10 */
        r[0] &= ~(BIT(4) | BIT(5) | BIT(23));
        r[3] &= ~(BIT(4) | BIT(5) | BIT(10) | BIT(19));
    } else if (leaf == 0xd && sub == 0) {
        /* the XSAVE state of the AVX-512 and AMX registers */
        r[0] &= ~(BIT(5) | BIT(6) | BIT(7) | BIT(17) | BIT(18));
    } else if (leaf == 0x1d || leaf == 0x1e || leaf == 0x24) {
        /* AMX tile and AVX10 descriptions */
        r[0] = r[1] = r[2] = r[3] = 0;
    }
}

static void on_segv(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    const unsigned char *ip = (const unsigned char *)g[REG_RIP];
    uint32_t r[4], leaf, sub;
    (void)info;
    if (ip[0] != 0x0f || ip[1] != 0xa2) {
        signal(sig, SIG_DFL); /* a real fault: it happens again and ends the process */
        return;
    }
    leaf = (uint32_t)g[REG_RAX];
    sub = (uint32_t)g[REG_RCX];
    set_cpuid(1);
    __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
    set_cpuid(0);
    mask(leaf, sub, r);
    g[REG_RAX] = r[0];
    g[REG_RBX] = r[1];
    g[REG_RCX] = r[2];
    g[REG_RDX] = r[3];
    g[REG_RIP] += 2;
}

__attribute__((constructor)) static void install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, NULL) == 0)
        set_cpuid(0);
}
