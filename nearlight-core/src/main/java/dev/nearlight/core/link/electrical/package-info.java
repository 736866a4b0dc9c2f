/** Host electrical channel: insertion loss at Nyquist and SerDes class selection. */
package dev.nearlight.core.link.electrical;
