/** Composable PCIe/CXL-over-fiber pools: disaggregation latency and pool planning (the Redfish fabric manager lives in nearlight-manager). */
package dev.nearlight.compose;
