/* timer.h -- the periodic tick that drives scheduling and sleep. */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

/* QEMU virt (and vmscope) count `time` at 10 MHz; a tick every 10 ms is 100,000 counts. */
#define TIMEBASE_HZ 10000000u
#define TICK_INTERVAL (TIMEBASE_HZ / 100)

extern volatile uint32_t ticks;

void timer_init(void);
void timer_tick(void);
void timer_idle(void);

#endif
