package dev.nearlight.explore.sweep;

import java.io.Serializable;

/**
 * The texts a sweep is made of, as read from disk: the sweep file and, when its {@code base} names a file, that
 * scenario file. An engine that runs elsewhere (Spark executors) ships this record and re-loads the sweep from it, so
 * every worker sees exactly the files the driver read.
 *
 * @param sweepText the sweep file's text
 * @param sweepSource the sweep file's name in messages
 * @param baseText the base scenario file's text, or null when the base is inline
 * @param baseSource the base scenario file's name in messages, or null when inline
 */
public record SweepSource(String sweepText, String sweepSource, String baseText, String baseSource)
        implements Serializable {}
