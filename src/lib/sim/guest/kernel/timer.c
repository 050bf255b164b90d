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

static void set_next_deadline(void) { sbi_set_timer(r_time() + TICK_INTERVAL); }

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
 * is pending, then handle the tick here instead of taking a trap. */
void timer_idle(void) {
	while (!(r_sip() & SIP_STIP)) {
		/* A process waits for the network: watch the card (it never interrupts) instead of the
		 * timer alone, and go back to the scheduler as soon as an answer wakes someone. Else wait;
		 * WFI may also end with no interrupt (a hypervisor wakes its VM for a frame), so look at
		 * the card each time it does: a ping to this machine is answered at once. */
		if (!net_waiting()) {
			wfi();
			net_poll();
		} else if (net_poll())
			return;
	}
	timer_tick();
}
