/**
 * The Nearlight fabric manager: a DMTF Redfish service that composes logical servers from pooled GPUs, CXL memory
 * and NVMe over the PCIe/CXL-over-fiber fabric, with persistence (Flyway + JDBI on H2 or PostgreSQL), RBAC,
 * sessions, events and a digital-twin fabric driver.
 */
package dev.nearlight.manager;
