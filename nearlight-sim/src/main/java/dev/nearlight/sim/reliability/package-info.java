/**
 * Reliability and serviceability of a training cluster by optics technology: component failure processes (FIT, AFR,
 * optional Weibull; optics rates from the core link model, whose Arrhenius and thermal models set the laser FIT), field-replaceable units and repair policies, blast radius, and
 * their cost in training time and money, estimated by a parallel Monte Carlo with split random streams
 * ({@link dev.nearlight.sim.reliability.MonteCarloReliability}) or by expected values
 * ({@link dev.nearlight.sim.reliability.AnalyticalReliability}).
 *
 * <p>Inputs: {@link dev.nearlight.sim.reliability.ClusterReliabilityModel} (populations, service team, job). Defaults per
 * technology are built by {@link dev.nearlight.sim.reliability.DefaultClusterFactory} from
 * {@code reliability/defaults.yaml}, the core catalogue and {@code PhysicalLinkModel}
 * ({@link dev.nearlight.sim.reliability.OpticsFacts}) and a {@link dev.nearlight.sim.reliability.FabricInventory}, which
 * the cluster model ({@code explore.cluster.ClusterModel}) fills from the fabric's bill of materials.
 */
package dev.nearlight.sim.reliability;
