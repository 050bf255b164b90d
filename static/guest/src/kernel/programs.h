/* programs.h -- the user programs built into the kernel image (programs.S embeds them). */
#ifndef PROGRAMS_H
#define PROGRAMS_H

#include <stdint.h>

struct program {
	const char *name;
	const uint8_t *elf; /* the program's ELF file (linked at USER_BASE), start and end */
	const uint8_t *end;
};

struct proc;

const struct program *program_find(const char *name);
int exec(struct proc *p, const struct program *prog); /* exec.c */

#endif
