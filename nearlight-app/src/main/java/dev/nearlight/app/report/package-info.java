/**
 * Terminal renderings of a {@link dev.nearlight.explore.compare.Comparison}: the table and the progress reporter. The
 * results document, CSV and HTML reports live in {@code dev.nearlight.studio.report}, shared with the studio.
 */
package dev.nearlight.app.report;
