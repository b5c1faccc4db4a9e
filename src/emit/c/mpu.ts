/**
 * `<device>_mpu.c` and `<device>_domains.ld`: one ARMv7-M MPU region per domain.
 *
 * Input: a CModel (regions with their computed sizes). Output: the C file and the linker-script
 * fragment.
 * Invariants: region i holds domain i's memory object (`<dev>_<domain>`, its visible state and its
 * tasks' snapshots and working copies), placed by the linker fragment in its own output section
 * aligned to the region size; region sizes are powers of two >= 32 bytes and the base is aligned to
 * the size (ARMv7-M rules); `<dev>_sched.c` statically asserts each object fits its region. By
 * default a region is privileged read/write and unprivileged no-access, execute-never; while a job
 * of domain d runs, region d is opened to unprivileged read/write. At most 8 regions (Cortex-M4).
 */
import type { CModel } from "./model.js";
import { fileHeader } from "./model.js";

const MAX_REGIONS = 8;

function log2(n: number): number {
  return Math.round(Math.log2(n));
}

export function emitMpu(m: CModel, version: string): string {
  const { prefix: p, PREFIX: P } = m;
  const out: string[] = [fileHeader(m, `${p}_mpu.c`, "ARMv7-M MPU: one region per isolation domain", version)];
  out.push(`#include "${p}.h"`, ``);
  if (m.regions.length > MAX_REGIONS) {
    out.push(`#error "${m.regions.length} domains: the ARMv7-M MPU of this target has ${MAX_REGIONS} regions"`, ``);
  }
  out.push(
    `/* ARMv7-M MPU registers (Architecture Reference Manual, B3.5). */`,
    `#define ${P}_MPU_CTRL (*(volatile uint32_t *)0xE000ED94UL)`,
    `#define ${P}_MPU_RNR  (*(volatile uint32_t *)0xE000ED98UL)`,
    `#define ${P}_MPU_RBAR (*(volatile uint32_t *)0xE000ED9CUL)`,
    `#define ${P}_MPU_RASR (*(volatile uint32_t *)0xE000EDA0UL)`,
    ``,
    `#define ${P}_RASR_ENABLE 0x00000001UL`,
    `#define ${P}_RASR_XN (1UL << 28)`,
    `#define ${P}_RASR_AP_PRIV_RW (1UL << 24)   /* AP = 0b001: privileged RW, unprivileged none */`,
    `#define ${P}_RASR_AP_FULL (3UL << 24)      /* AP = 0b011: privileged and unprivileged RW */`,
    `#define ${P}_RASR_SRAM ((1UL << 18) | (1UL << 17)) /* TEX = 0, S = 1, C = 1, B = 0: normal memory */`,
    `#define ${P}_CTRL_ENABLE 0x1UL`,
    `#define ${P}_CTRL_PRIVDEFENA 0x4UL           /* privileged code keeps the default memory map */`,
    ``,
  );
  out.push(
    `/* Base address and SIZE field (log2(size) - 1) of a domain's region. */`,
    `static void region_of(uint32_t domain, uint32_t *base, uint32_t *size_field)`,
    `{`,
    `    *base = 0U;`,
    `    *size_field = 4U;`,
    `    switch (domain) {`,
  );
  for (const r of m.regions) {
    out.push(
      `    case ${P}_DOMAIN_${r.c.toUpperCase()}:`,
      `        *base = (uint32_t)(uintptr_t)&${p}_${r.c}_mem;`,
      `        *size_field = ${log2(r.regionSize) - 1}U; /* ${r.regionSize} bytes */`,
      `        break;`,
    );
  }
  out.push(`    default:`, `        break;`, `    }`, `}`, ``);
  out.push(
    `static void barrier(void)`,
    `{`,
    `#if defined(__GNUC__) && defined(__arm__)`,
    `    __asm__ volatile ("dsb\\n\\tisb" : : : "memory");`,
    `#endif`,
    `}`,
    ``,
    `static void set_region(uint32_t domain, uint32_t ap)`,
    `{`,
    `    uint32_t base;`,
    `    uint32_t size_field;`,
    `    region_of(domain, &base, &size_field);`,
    `    ${P}_MPU_RNR = domain;`,
    `    ${P}_MPU_RBAR = base & 0xFFFFFFE0UL;`,
    `    ${P}_MPU_RASR = ${P}_RASR_XN | ap | ${P}_RASR_SRAM | (size_field << 1) | ${P}_RASR_ENABLE;`,
    `}`,
    ``,
    `/* Configure one region per domain (regions 0..${m.regions.length - 1}) and enable the MPU. Call once, privileged,`,
    ` * after ${p}_init and before starting the tick timer. */`,
    `void ${p}_mpu_init(void)`,
    `{`,
    `    uint32_t d;`,
    `    ${P}_MPU_CTRL = 0UL;`,
    `    for (d = 0U; d < ${P}_NUM_DOMAINS; d++) {`,
    `        set_region(d, ${P}_RASR_AP_PRIV_RW);`,
    `    }`,
    `    ${P}_MPU_CTRL = ${P}_CTRL_ENABLE | ${P}_CTRL_PRIVDEFENA;`,
    `    barrier();`,
    `}`,
    ``,
    `static uint32_t open_domain = ${P}_NUM_DOMAINS;`,
    ``,
    `/* Open the region of \`domain\` to unprivileged code (called by ${p}_dispatch around each job). */`,
    `void ${p}_mpu_enter_domain(uint32_t domain)`,
    `{`,
    `    if (domain < ${P}_NUM_DOMAINS) {`,
    `        if (open_domain < ${P}_NUM_DOMAINS) {`,
    `            set_region(open_domain, ${P}_RASR_AP_PRIV_RW);`,
    `        }`,
    `        set_region(domain, ${P}_RASR_AP_FULL);`,
    `        open_domain = domain;`,
    `        barrier();`,
    `    }`,
    `}`,
    ``,
    `/* Close the region opened by ${p}_mpu_enter_domain. */`,
    `void ${p}_mpu_leave_domain(void)`,
    `{`,
    `    if (open_domain < ${P}_NUM_DOMAINS) {`,
    `        set_region(open_domain, ${P}_RASR_AP_PRIV_RW);`,
    `        open_domain = ${P}_NUM_DOMAINS;`,
    `        barrier();`,
    `    }`,
    `}`,
    ``,
  );
  return out.join("\n");
}

export function emitLinker(m: CModel, version: string): string {
  const { prefix: p } = m;
  const out: string[] = [
    fileHeader(m, `${p}_domains.ld`, "linker-script fragment: one aligned output section per domain", version),
    `/* INCLUDE this file inside the SECTIONS { } of your linker script. It places each domain's`,
    ` * memory in its own section aligned to its MPU region size. RAM is the name of your RAM memory`,
    ` * region; the sections are NOLOAD because ${p}_init() initialises every byte. */`,
    ``,
  ];
  for (const r of m.regions) {
    out.push(
      `/* domain ${r.domain}: ${r.bytes} bytes, MPU region ${r.index} of ${r.regionSize} bytes */`,
      `.${p}_${r.c} (NOLOAD) : ALIGN(${r.regionSize})`,
      `{`,
      `    __${p}_${r.c}_start = .;`,
      `    KEEP(*(.${p}_${r.c}))`,
      `    . = ALIGN(${r.regionSize});`,
      `    __${p}_${r.c}_end = .;`,
      `} > RAM`,
      `ASSERT(__${p}_${r.c}_end - __${p}_${r.c}_start == ${r.regionSize}, "vigil: domain ${r.domain} does not fit its MPU region")`,
      ``,
    );
  }
  return out.join("\n");
}
