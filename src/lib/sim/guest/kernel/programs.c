/* programs.c -- the table of built-in programs. Their ELF files are pulled into the kernel
 * image by programs.S (.incbin), between the labels named here. */
#include "programs.h"
#include "string.h"

#define PROGRAM(n) extern const uint8_t n##_elf[], n##_elf_end[];
PROGRAM(hello)
PROGRAM(spin)
PROGRAM(sleeper)
PROGRAM(memtouch)
PROGRAM(faulty)
PROGRAM(parent)
PROGRAM(hog)
PROGRAM(interactive)
PROGRAM(batch)
PROGRAM(diskcheck)
PROGRAM(diskbench)
PROGRAM(diskown)
PROGRAM(ping)
PROGRAM(udpserver)
PROGRAM(udpclient)
PROGRAM(pingpeer)
PROGRAM(udpflood)

static const struct program programs[] = {
	{"hello", hello_elf, hello_elf_end},
	{"spin", spin_elf, spin_elf_end},
	{"sleeper", sleeper_elf, sleeper_elf_end},
	{"memtouch", memtouch_elf, memtouch_elf_end},
	{"faulty", faulty_elf, faulty_elf_end},
	{"parent", parent_elf, parent_elf_end},
	{"hog", hog_elf, hog_elf_end},
	{"interactive", interactive_elf, interactive_elf_end},
	{"batch", batch_elf, batch_elf_end},
	{"diskcheck", diskcheck_elf, diskcheck_elf_end},
	{"diskbench", diskbench_elf, diskbench_elf_end},
	{"diskown", diskown_elf, diskown_elf_end},
	{"ping", ping_elf, ping_elf_end},
	{"udpserver", udpserver_elf, udpserver_elf_end},
	{"udpclient", udpclient_elf, udpclient_elf_end},
	{"pingpeer", pingpeer_elf, pingpeer_elf_end},
	{"udpflood", udpflood_elf, udpflood_elf_end},
};

const struct program *program_find(const char *name) {
	for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++)
		if (strcmp(programs[i].name, name) == 0) return &programs[i];
	return 0;
}
