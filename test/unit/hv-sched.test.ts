describe('quanta on a guest that never leaves the fast path', () => {
	it('two CPU-bound VMs on one pCPU alternate every quantum, to within an exit’s cost', () => {
		// batch's inner loop has no system call, CSR or page fault: only the quantum's timer interrupt
		// takes the pCPU from it (taken at a slice's entry, which must then end the slice).
		const quantum = 100_000;
		const { machine, watch } = host(1, { policy: 'rr', quantum }, [
			vm('one', ['batch']),
			vm('two', ['batch'])
		]);
		const stints: number[] = [];
		let since = -1;
		const off = machine.hooks.report.add((e) => {
			if (e.kind !== 'sched-decision' || e.reason === 'quantum-renewed') return;
			if (e.state === 'running') since = e.cycle;
			else if (since >= 0) {
				stints.push(e.cycle - since);
				since = -1;
			}
		});
		machine.run(30_000_000);
		off();
		expect(stints.length).toBeGreaterThan(100);
		expect(Math.max(...stints)).toBeLessThanOrEqual(quantum + 2000);
		const [a, b] = watch.report().vms;
		expect(Math.abs(a.run - b.run)).toBeLessThanOrEqual(quantum + 2000);
	});
});
