/**
 * The design-space sweep on Apache Spark: {@link dev.nearlight.spark.SparkSweepEngine} evaluates a sweep's design
 * points on executors with the same {@link dev.nearlight.explore.sweep.PointEvaluator} as the local engine and hands
 * the rows back in point order, so both engines write identical results. Spark, Scala and Log4j 2 stay in this module.
 */
package dev.nearlight.spark;
