/** Devices a fabric is built from: GPUs, nodes, switches (Ethernet, scale-up, PCIe/CXL) and pooled enclosures. */
package dev.nearlight.fabric.device;
