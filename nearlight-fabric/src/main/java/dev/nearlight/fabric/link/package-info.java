/**
 * The seam between fabrics and the link model: {@link dev.nearlight.fabric.link.LinkEvaluator} quotes one link,
 * {@link dev.nearlight.fabric.link.LinkPlanner} picks copper or the tier's optics per link from its length and caches
 * quotes per length bucket, {@link dev.nearlight.fabric.link.Technologies} maps short optics names to ids.
 */
package dev.nearlight.fabric.link;
