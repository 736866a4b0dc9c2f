package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The cluster as populations of failing components, the service team that repairs them and the training job that
 * runs on it. This is the input of both estimators; {@link DefaultClusterFactory} builds one per optics technology.
 *
 * @param name label of this alternative (for example the optics technology id)
 * @param clusterGpus GPUs in the cluster, &gt; 0
 * @param gpusPerNode GPUs per node (the unit of scheduling and of node-level repairs), divides {@code clusterGpus}
 * @param fabricLinks links counted by fabric availability (all tiers, host-facing included), &gt; 0
 * @param populations component populations, unique names
 * @param serviceTeam technicians and labour rate
 * @param job the training job
 * @param rails scale-out rails per node (a node that loses one runs at (rails - 1) / rails of its bandwidth)
 */
public record ClusterReliabilityModel(
        String name,
        int clusterGpus,
        int gpusPerNode,
        long fabricLinks,
        List<ComponentPopulation> populations,
        ServiceTeam serviceTeam,
        JobSpec job,
        int rails) {
    public ClusterReliabilityModel {
        if (rails < 1) {
            throw new InputException("rails " + rails + " must be >= 1");
        }
        if (name == null || name.isBlank()) {
            throw new InputException("cluster reliability model needs a name");
        }
        if (clusterGpus <= 0 || gpusPerNode <= 0 || clusterGpus % gpusPerNode != 0) {
            throw new InputException(
                    "clusterGpus " + clusterGpus + " must be a positive multiple of gpusPerNode " + gpusPerNode);
        }
        if (fabricLinks <= 0) {
            throw new InputException("fabricLinks " + fabricLinks + " must be > 0");
        }
        if (populations == null || populations.isEmpty() || serviceTeam == null || job == null) {
            throw new InputException(
                    "cluster reliability model '" + name + "' needs at least one population, a serviceTeam and a job");
        }
        populations = List.copyOf(populations);
        Set<String> names = new HashSet<>();
        for (ComponentPopulation p : populations) {
            if (!names.add(p.name())) {
                throw new InputException("duplicate population name '" + p.name() + "': names must be unique");
            }
            if (p.gpusDown() > clusterGpus) {
                throw new InputException("population '" + p.name() + "': gpusDown " + p.gpusDown()
                        + " exceeds the cluster's " + clusterGpus + " GPUs");
            }
        }
        if (job.gpus() > clusterGpus) {
            throw new InputException("job gpus " + job.gpus() + " exceed the cluster's " + clusterGpus
                    + " GPUs: use at most " + clusterGpus);
        }
    }

    /** A model with one rail per GPU. */
    public ClusterReliabilityModel(
            String name,
            int clusterGpus,
            int gpusPerNode,
            long fabricLinks,
            List<ComponentPopulation> populations,
            ServiceTeam serviceTeam,
            JobSpec job) {
        this(name, clusterGpus, gpusPerNode, fabricLinks, populations, serviceTeam, job, gpusPerNode);
    }

    /** Nodes in the cluster. */
    public int nodes() {
        return clusterGpus / gpusPerNode;
    }

    /** Whole nodes not used by the job, available as hot spares to restart on. */
    public int spareNodes() {
        return nodes() - (job.gpus() + gpusPerNode - 1) / gpusPerNode;
    }

    /** A copy with every population transformed by {@code f} (used for sensitivity studies). */
    public ClusterReliabilityModel mapPopulations(UnaryOperator<ComponentPopulation> f) {
        return new ClusterReliabilityModel(
                name,
                clusterGpus,
                gpusPerNode,
                fabricLinks,
                populations.stream().map(f).toList(),
                serviceTeam,
                job,
                rails);
    }

    /** A copy with another job. */
    public ClusterReliabilityModel withJob(JobSpec newJob) {
        return new ClusterReliabilityModel(
                name, clusterGpus, gpusPerNode, fabricLinks, populations, serviceTeam, newJob, rails);
    }

    /** A copy with another service team. */
    public ClusterReliabilityModel withServiceTeam(ServiceTeam team) {
        return new ClusterReliabilityModel(name, clusterGpus, gpusPerNode, fabricLinks, populations, team, job, rails);
    }
}
