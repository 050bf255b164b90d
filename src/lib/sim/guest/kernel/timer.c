/*
 * timer.c -- ticks from the SBI timer.
 *
 * The supervisor timer interrupt (STIP) is raised by the firmware once `time` passes the
 * deadline we gave it with sbi_set_timer; setting the next deadline clears it. Each tick
 * counts uptime, wakes sleepers, and (in trap.c) preempts the running process.
 */
#include "timer.h"
#include "net.h"
#include "proc.h"
#include "riscv.h"
#include "sbi.h"

volatile uint32_t ticks;

static uint64_t deadline; /* when the next tick is due */

static void set_next_deadline(void) {
	deadline = r_time() + TICK_INTERVAL;
	sbi_set_timer(deadline);
}

void timer_init(void) {
	set_next_deadline();
	/* Allow the timer interrupt. It is only taken in U-mode: the kernel runs with
	 * sstatus.SIE = 0, and sret turns interrupts on for user code (SPIE = 1). */
	w_sie(r_sie() | SIE_STIE);
}

void timer_tick(void) {
	ticks++;
	set_next_deadline();
	proc_wakeup(ticks);
	net_poll(); /* answer ARP and pings, queue datagrams: the card never interrupts */
}

/* Every process sleeps. Wait (with interrupts still off in S-mode) until the timer interrupt
 * is pending, then handle the tick here instead of taking a trap.
 *
 * While a process waits for the network, the card (which never interrupts) must be watched too:
 * the loop naps NET_NAP at a time, on a timer set short of the tick, and looks at the card after
 * each nap, going back to the scheduler as soon as an answer wakes someone. A nap's timer is
 * never left armed: the tick's deadline is put back before anything else runs. */
#define NET_NAP (TIMEBASE_HZ / 50000) /* 20 us */

void timer_idle(void) {
	for (;;) {
		if (r_sip() & SIP_STIP) {
			if (r_time() >= deadline) break;
			sbi_set_timer(deadline); /* the end of a nap, not the tick (this clears STIP) */
		}
		if (!net_waiting()) {
			wfi();
			/* WFI may also end with no interrupt (a hypervisor wakes its VM when a frame reaches
			 * the card): look at it, so a ping to this machine is answered at once. */
			net_poll();
			continue;
		}
		if (net_poll()) {
			sbi_set_timer(deadline);
			return;
		}
		if (r_time() + NET_NAP < deadline) sbi_set_timer(r_time() + NET_NAP);
		wfi();
	}
	timer_tick();
}
