#!/usr/bin/env node
// `npm run bench`: MIPS of the interpreter on CPU-bound RV32 programs (bench/*.c, prebuilt ELFs).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../bench/run.ts', import.meta.url).href);
// Section 2: the cost of instrumentation (trace hub, statistics, every event kind) and stepping back.
await import(new URL('../bench/instrumentation.ts', import.meta.url).href);
// Section 3: virtualization overhead (the teaching kernel bare and under the hypervisor).
await import(new URL('../bench/hypervisor.ts', import.meta.url).href);
// Section 4: virtio-blk throughput through the transport, queue and device on the bare machine.
await import(new URL('../bench/virtio.ts', import.meta.url).href);
// Section 5: the physical disk models (simulated time: the same figures on every host).
await import(new URL('../bench/disk-models.ts', import.meta.url).href);
// Section 6: exits per MiB, the teaching PIO disk against virtio-blk, in a VM (simulated counts).
await import(new URL('../bench/pio.ts', import.meta.url).href);
// Section 7: virtio-net frames per second through the device, link and outside host (bare machine).
await import(new URL('../bench/net.ts', import.meta.url).href);
// Section 8: the hypervisor's virtual switch: frames per second and exits per frame (lesson 05's flood).
await import(new URL('../bench/switch.ts', import.meta.url).href);
