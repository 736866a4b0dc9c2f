/** Composable PCIe/CXL-over-fiber pools: disaggregation latency, pool planning and the Redfish fabric manager. */
package dev.nearlight.compose;
