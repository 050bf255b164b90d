/* A tiny runtime for the test programs: UART output and integer formatting, no libc. */
#ifndef RT_H
#define RT_H
#include <stdint.h>
void putch(char c);
void puts_(const char *s);
void put_int(int32_t v);
void put_uint(uint32_t v);
void put_hex(uint32_t v);
void print(const char *fmt, ...);
void exit(int code) __attribute__((noreturn));
#endif
