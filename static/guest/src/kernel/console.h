/* console.h -- kernel console output (through the SBI, never a UART of our own). */
#ifndef CONSOLE_H
#define CONSOLE_H

void console_write(const char *s, int n);
void kprintf(const char *fmt, ...);
void panic(const char *fmt, ...) __attribute__((noreturn));

#endif
