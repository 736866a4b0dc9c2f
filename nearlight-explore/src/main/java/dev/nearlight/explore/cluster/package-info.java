/** The cluster a scenario describes, built once, and the estimators that read from it (link, fabric, training, reliability, TCO). */
package dev.nearlight.explore.cluster;
