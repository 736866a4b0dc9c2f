/** Load benchmark of the Redfish fabric manager (compose + decompose over loopback HTTP). */
package dev.nearlight.bench.manager;
